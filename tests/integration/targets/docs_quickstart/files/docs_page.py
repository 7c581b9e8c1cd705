"""Read the code blocks of an RST page of the docs site, and compare shown output with real output.
Used by the targets docs_quickstart, docs_role and docs_many_kibanas.

    docs_page.py blocks <page>
        prints JSON: ``yaml`` (the text of every yaml code block, in order) and ``runs`` (every console code
        block whose first line is a ``$ ansible-playbook ...`` command: ``command``, the argv after ``$``, and
        ``output``, the lines shown under it)
    docs_page.py files <page> <folder>
        writes every code block of the page that has a ``:caption:`` to <folder>/<caption> (the caption is the
        file's path in the reader's folder) and prints JSON: ``files``, the captions in order, and ``runs`` as above
    docs_page.py compare <expected.json> <actual.txt> [<from>=<to> ...]
        checks that the expected lines (a JSON list) appear in the actual output in the same order; a line
        ``...`` stands for any number of lines. Each <from>=<to> replaces <from> in the actual output first (a
        test host's path by the path the page shows). Trailing spaces are ignored. Exit 1 with a report otherwise.
"""
import json
import os
import shlex
import sys
import textwrap


def code_blocks(text):
    """(language, options, body) of every ``.. code-block::`` of an RST text."""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        if not line.startswith('.. code-block::'):
            continue
        language = line.split('::', 1)[1].strip()
        options = {}
        while index < len(lines) and lines[index].strip().startswith(':'):
            name, dummy, value = lines[index].strip()[1:].partition(':')
            options[name.strip()] = value.strip()
            index += 1
        body = []
        while index < len(lines) and (not lines[index].strip() or lines[index].startswith('    ')):
            body.append(lines[index])
            index += 1
        yield language, options, textwrap.dedent('\n'.join(body)).strip('\n') + '\n'


def read_blocks(page):
    with open(page, encoding='utf-8') as handle:
        return list(code_blocks(handle.read()))


def runs(found):
    """Every console block whose first line is a ``$ ansible-playbook ...`` command."""
    shown = []
    for language, options, block in found:
        lines = block.splitlines()
        if language == 'console' and lines and lines[0].startswith('$ ansible-playbook '):
            shown.append({'command': shlex.split(lines[0][2:]), 'output': lines[1:]})
    return shown


def blocks(page):
    found = read_blocks(page)
    return {'yaml': [block for language, options, block in found if language in ('yaml', 'yaml+jinja')],
            'runs': runs(found),
            'ini': [block for language, options, block in found if language == 'ini']}


def files(page, folder):
    found = read_blocks(page)
    written = []
    for language, options, body in found:
        caption = options.get('caption')
        if caption:
            path = os.path.join(folder, caption)
            if os.path.dirname(path):
                os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w', encoding='utf-8') as handle:
                handle.write(('---\n' + body) if language.startswith('yaml') else body)
            written.append(caption)
    return {'files': written, 'runs': runs(found)}


def compare(expected, actual):
    """The expected lines missing from actual, in order (empty when all are there)."""
    actual = [line.rstrip() for line in actual]
    position = 0
    missing = []
    anywhere = False
    for line in (line.rstrip() for line in expected):
        if line == '...':
            anywhere = True
            continue
        if anywhere:
            try:
                position = actual.index(line, position) + 1
            except ValueError:
                missing.append(line)
        elif position < len(actual) and actual[position] == line:
            position += 1
        else:
            missing.append(line)
        anywhere = False
    return missing


def main():
    if sys.argv[1] == 'blocks':
        print(json.dumps(blocks(sys.argv[2])))
        return 0
    if sys.argv[1] == 'files':
        print(json.dumps(files(sys.argv[2], sys.argv[3])))
        return 0
    with open(sys.argv[2], encoding='utf-8') as handle:
        expected = json.load(handle)
    with open(sys.argv[3], encoding='utf-8') as handle:
        actual = handle.read()
    for pair in sys.argv[4:]:
        old, new = pair.split('=', 1)
        actual = actual.replace(old, new)
    missing = compare(expected, actual.splitlines())
    if missing:
        print('the page shows lines the real output does not have (in this order):')
        for line in missing:
            print('  | ' + line)
        print('real output:')
        for line in actual.splitlines():
            print('  | ' + line)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
