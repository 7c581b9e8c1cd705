"""Write every YAML code block of an RST page into its own tasks file (NN.yml) in a folder.

    extract_examples.py <page> <folder>            prints how many blocks it wrote (any page: docs_fleet uses it)
    extract_examples.py <page> <folder> <version>  prints JSON: ``examples`` (file name, and the connector type of
        the cookbook section the block is in), ``predates`` (the types that Kibana version does not have according
        to the collection's catalogue, plugins/module_utils/_catalogue.py of the checkout), ``known`` (every type
        the catalogue knows) and ``system``
"""
import importlib
import json
import os
import re
import sys
import textwrap
import types

HEADING = re.compile(r'^(\.[a-z0-9_-]+): ')


def blocks(text):
    """(type id of the section, block text) for every YAML block."""
    lines = text.splitlines()
    section = None
    i = 0
    while i < len(lines):
        if i + 1 < len(lines) and HEADING.match(lines[i]) and set(lines[i + 1].strip()) == {'-'}:
            section = HEADING.match(lines[i]).group(1)
        if lines[i].strip() in ('.. code-block:: yaml', '.. code-block:: yaml+jinja'):
            i += 1
            body = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith('    ')):
                body.append(lines[i])
                i += 1
            yield section, textwrap.dedent('\n'.join(body)).strip() + '\n'
        else:
            i += 1


def catalogue(root):
    """The collection's catalogue of the checkout at ``root``, imported under the collection's name (it imports its
    engine, _schema.py, by that name). ansible-test copies only this target's folder beside the collection's content,
    so this cannot borrow the loader of the kibana_connector_types target."""
    package = 'ansible_collections.kibana.connectors'
    parts = package.split('.')
    for index in range(len(parts)):
        module = types.ModuleType('.'.join(parts[:index + 1]))
        module.__path__ = [os.path.abspath(root)] if index == len(parts) - 1 else []
        sys.modules[module.__name__] = module
    return importlib.import_module(package + '.plugins.module_utils._catalogue')


def main():
    source, dest = sys.argv[1], sys.argv[2]
    version = sys.argv[3] if len(sys.argv) > 3 else None
    with open(source, encoding='utf-8') as handle:
        found = list(blocks(handle.read()))
    examples = []
    for number, (type_id, block) in enumerate(found):
        name = '%02d.yml' % number
        with open(os.path.join(dest, name), 'w', encoding='utf-8') as handle:
            handle.write('---\n' + block)
        examples.append({'file': name, 'type': type_id})
    if not version:
        print(len(examples))
        return
    root = os.path.join(os.path.dirname(os.path.abspath(source)), '..', '..', '..')
    cat = catalogue(root)
    print(json.dumps({
        'examples': examples,
        'known': cat.known_types(),
        'predates': sorted(t for t in cat.known_types() if not cat.get_type(t).available_in(version)),
        'system': sorted(t for t in cat.known_types() if cat.get_type(t).system),
    }))


if __name__ == '__main__':
    main()
