"""Fails when the built collection ships tests without what they need: integration targets without the Kibana test
double they start, or any shipped file that needs a file the build leaves out.

Usage: python .ci/check_build.py dist/kibana-connectors-X.Y.Z.tar.gz (run by .ci/run's build step).

Checks, on the tarball's member list and the text of its files:
- integration targets (tests/integration/targets) only with the double (tests/kibana_double);
- a file that names the double (tests.kibana_double, tests/kibana_double) only with the double;
- every import of ansible_collections.kibana.connectors.<module> in a shipped Python file resolves to a shipped
  module or package;
- no shipped test reaches into extensions/ (the molecule scenarios and their resources) unless it is shipped.
"""
import re
import sys
import tarfile

PREFIX = 'ansible_collections.kibana.connectors.'
DOUBLE = 'tests/kibana_double/__main__.py'
IMPORT = re.compile(r'^\s*(?:from|import)\s+ansible_collections\.kibana\.connectors\.([A-Za-z0-9_.]+)', re.M)
NAMES_DOUBLE = re.compile(r'tests[./]kibana_double')
INTO_EXTENSIONS = re.compile(r'''["']extensions["'/]''')


def problems_of(members, texts):
    problems = []
    has_double = DOUBLE in members
    targets = sorted(name for name in members if name.startswith('tests/integration/targets/'))
    if targets and not has_double:
        problems.append('ships %d files of tests/integration/targets but not the Kibana test double they start (%s)'
                        % (len(targets), DOUBLE))
    for name, text in sorted(texts.items()):
        if not has_double and not name.startswith('tests/kibana_double/') and name.startswith('tests/') and NAMES_DOUBLE.search(text):
            problems.append('%s needs the Kibana test double (tests/kibana_double), which is not shipped' % name)
        if name.endswith('.py'):
            for dotted in IMPORT.findall(text):
                path = dotted.replace('.', '/')
                if not any(candidate in members for candidate in (path + '.py', path + '/__init__.py', path)):
                    problems.append('%s imports %s%s, which is not shipped' % (name, PREFIX, dotted))
        if name.startswith('tests/') and INTO_EXTENSIONS.search(text) and not any(member.startswith('extensions/') for member in members):
            problems.append('%s uses files under extensions/, which is not shipped' % name)
    return problems


def main(path):
    members, texts = set(), {}
    with tarfile.open(path) as tarball:
        for member in tarball.getmembers():
            name = member.name[2:] if member.name.startswith('./') else member.name
            members.add(name.rstrip('/'))
            if member.isfile() and name.endswith(('.py', '.yml', '.yaml', '.sh', '.txt', '.cfg', '.ini')):
                texts[name] = tarball.extractfile(member).read().decode('utf-8', 'replace')
    problems = problems_of(members, texts)
    for problem in problems:
        print('%s: %s' % (path, problem))
    if not problems:
        shipped = sorted(set(name.split('/')[1] for name in members if name.startswith('tests/') and name.count('/') >= 1))
        print('%s: the tests it ships have what they need (tests/: %s)' % (path, ', '.join(shipped) or 'nothing'))
    return 1 if problems else 0


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: python .ci/check_build.py COLLECTION.tar.gz')
    sys.exit(main(sys.argv[1]))
