"""Write every YAML code block of an RST page into its own tasks file (NN.yml) in a folder; print how many."""
import os
import sys
import textwrap


def blocks(text):
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() in ('.. code-block:: yaml', '.. code-block:: yaml+jinja'):
            i += 1
            body = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith('    ')):
                body.append(lines[i])
                i += 1
            yield textwrap.dedent('\n'.join(body)).strip() + '\n'
        else:
            i += 1


def main():
    source, dest = sys.argv[1], sys.argv[2]
    with open(source, encoding='utf-8') as handle:
        found = list(blocks(handle.read()))
    for number, block in enumerate(found):
        with open(os.path.join(dest, '%02d.yml' % number), 'w', encoding='utf-8') as handle:
            handle.write('---\n' + block)
    print(len(found))


if __name__ == '__main__':
    main()
