"""The files and the runs a page of the docs site shows, for the target that runs them (docs_many_kibanas).

    page_files.py files <page> <folder>
        writes every code block of the page that has a ``:caption:`` to <folder>/<caption> (the caption is the file's
        path in the reader's folder) and prints JSON: ``files``, the captions in order, and ``runs``, every console
        block whose first line is a ``$ ansible-playbook ...`` command (``command``: the argv after ``$``; ``output``:
        the lines shown under it)
    page_files.py compare <expected.json> <actual.txt>
        checks that the lines of the JSON list <expected.json> appear in <actual.txt> in the same order; a line ``...``
        stands for any number of lines; trailing spaces are ignored. Exit 1 with a report otherwise.
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


def files(page, folder):
    with open(page, encoding='utf-8') as handle:
        blocks = list(code_blocks(handle.read()))
    written, runs = [], []
    for language, options, body in blocks:
        caption = options.get('caption')
        if caption:
            path = os.path.join(folder, caption)
            if os.path.dirname(path):
                os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w', encoding='utf-8') as handle:
                handle.write(('---\n' + body) if language.startswith('yaml') else body)
            written.append(caption)
        lines = body.splitlines()
        if language == 'console' and lines and lines[0].startswith('$ ansible-playbook '):
            runs.append({'command': shlex.split(lines[0][2:]), 'output': lines[1:]})
    return {'files': written, 'runs': runs}


def missing_lines(expected, actual):
    """The expected lines not found in ``actual`` in order (``...`` skips any number of lines)."""
    actual = [line.rstrip() for line in actual]
    position, missing, anywhere = 0, [], False
    for line in (line.rstrip() for line in expected):
        if line == '...':
            anywhere = True
            continue
        if anywhere and line in actual[position:]:
            position = actual.index(line, position) + 1
        elif not anywhere and position < len(actual) and actual[position] == line:
            position += 1
        else:
            missing.append(line)
        anywhere = False
    return missing


def main():
    if sys.argv[1] == 'files':
        print(json.dumps(files(sys.argv[2], sys.argv[3])))
        return 0
    with open(sys.argv[2], encoding='utf-8') as handle:
        expected = json.load(handle)
    with open(sys.argv[3], encoding='utf-8') as handle:
        actual = handle.read().splitlines()
    missing = missing_lines(expected, actual)
    if missing:
        print('the page shows lines the real output does not have (in this order):')
        print('\n'.join('  | ' + line for line in missing))
        print('real output:')
        print('\n'.join('  | ' + line for line in actual))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
