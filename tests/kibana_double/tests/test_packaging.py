"""The integration targets run from ansible-test's temporary copy of tests/integration; setup_kibana's
aliases file must name every file of the double (needs/file/...) or the double does not start there."""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def test_setup_kibana_aliases_name_every_file_of_the_double():
    double = os.path.join(ROOT, 'tests', 'kibana_double')
    files = {'tests/__init__.py'}
    for name in os.listdir(double):
        if os.path.isfile(os.path.join(double, name)) and not name.endswith('.pyc'):
            files.add('tests/kibana_double/' + name)
    with open(os.path.join(ROOT, 'tests', 'integration', 'targets', 'setup_kibana', 'aliases'), encoding='utf-8') as handle:
        needs = {line.strip()[len('needs/file/'):] for line in handle if line.startswith('needs/file/')}
    assert files - needs == set(), 'add these to setup_kibana/aliases as needs/file/...'
    assert needs - files == set(), 'these files named in setup_kibana/aliases do not exist'
