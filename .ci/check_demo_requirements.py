"""Fails when `make demo`'s requirements (demo/requirements.txt) hold more than the demo needs, less, or pins that
are not the CI's (.ci/requirements.txt, .ci/constraints.txt).

The demo needs ansible-core (it runs ansible-playbook), what the collection's modules need on the host that runs them
(requirements.txt at the top of the checkout) and what the Kibana test double needs (PyYAML; tests/kibana_double).
Everything else comes in as their dependencies, at the versions of .ci/constraints.txt.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
NEEDED = {'ansible-core': 'runs the demo playbook', 'pyyaml': 'the Kibana test double (tests/kibana_double)'}
LINE = re.compile(r'^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^]]*\])?\s*(.*)$')


def normal(name):
    return re.sub(r'[-_.]+', '-', name).lower()


def requirements(path):
    """{normalised name: version specifier text} of a requirements file."""
    found = {}
    for raw in path.read_text(encoding='utf-8').splitlines():
        line = raw.split('#', 1)[0].strip()
        if not line:
            continue
        match = LINE.match(line)
        if not match:
            raise SystemExit('%s: cannot read the line %r' % (path.relative_to(ROOT), raw))
        found[normal(match.group(1))] = match.group(3).replace(' ', '')
    return found


def main():
    demo = requirements(ROOT / 'demo' / 'requirements.txt')
    needed = dict(NEEDED)
    for name in requirements(ROOT / 'requirements.txt'):
        needed[name] = 'the modules (requirements.txt)'
    ci = requirements(ROOT / '.ci' / 'constraints.txt')
    ci.update(requirements(ROOT / '.ci' / 'requirements.txt'))
    problems = ['demo/requirements.txt: %s is not needed to run the demo (it needs %s)' % (name, ', '.join(sorted(needed)))
                for name in sorted(set(demo) - set(needed))]
    problems += ['demo/requirements.txt: %s is missing (%s)' % (name, needed[name]) for name in sorted(set(needed) - set(demo))]
    for name in sorted(set(demo) & set(needed)):
        if not demo[name].startswith('=='):
            problems.append('demo/requirements.txt: %s must be pinned with == (it says %r)' % (name, demo[name]))
        elif ci.get(name) != demo[name]:
            problems.append('demo/requirements.txt: %s%s is not the CI pin (%s in .ci/requirements.txt or .ci/constraints.txt)'
                            % (name, demo[name], ci.get(name) or 'none'))
    for problem in problems:
        print(problem)
    if not problems:
        print('demo/requirements.txt: %s, the CI pins' % ', '.join('%s%s' % item for item in sorted(demo.items())))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
