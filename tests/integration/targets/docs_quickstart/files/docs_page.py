"""Read the code blocks of an RST page of the docs site, and compare shown output with real output.

    docs_page.py blocks <page>
        prints JSON: ``yaml`` (the text of every yaml code block, in order) and ``runs`` (every console code
        block whose first line is a ``$ ansible-playbook ...`` command: ``command``, the argv after ``$``, and
        ``output``, the lines shown under it)
    docs_page.py compare <expected.json> <actual.txt> [<from>=<to> ...]
        checks that the expected lines (a JSON list) appear in the actual output in the same order; a line
        ``...`` stands for any number of lines. Each <from>=<to> replaces <from> in the actual output first (a
        test host's path by the path the page shows). Trailing spaces are ignored. Exit 1 with a report otherwise.
"""
import json
import shlex
import sys
import textwrap


def code_blocks(text):
    """(language, block text) for every code block."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if line.startswith('.. code-block::'):
            language = line.split('::', 1)[1].strip()
            i += 1
            body = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith('    ')):
                body.append(lines[i])
                i += 1
            yield language, textwrap.dedent('\n'.join(body)).strip('\n') + '\n'
        else:
            i += 1


def blocks(page):
    with open(page, encoding='utf-8') as handle:
        found = list(code_blocks(handle.read()))
    runs = []
    for language, block in found:
        lines = block.splitlines()
        if language == 'console' and lines and lines[0].startswith('$ ansible-playbook '):
            runs.append({'command': shlex.split(lines[0][2:]), 'output': lines[1:]})
    return {'yaml': [block for language, block in found if language in ('yaml', 'yaml+jinja')], 'runs': runs,
            'ini': [block for language, block in found if language == 'ini']}


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
