"""What the collection's catalogue (plugins/module_utils/_catalogue.py of the checkout) says of a Kibana version.

    catalogue.py <collection root> <version>
        -> {"predates": [...], "system": [...]}
    catalogue.py <collection root> <version> <double admin url>
        -> also "disagreements": where the catalogue and what the test double says of itself
           (GET <admin url>/types) differ, per type: licence, system flag, the versions that introduced it,
           required config keys, the defaults a create that leaves a key out gets back (per apiProvider for
           .gen-ai), the config returned for the double's own minimal create, required secrets, secret keys,
           which keys Kibana drops or keeps, the deprecation rule, and the sub-actions with the ones that only read.

The two catalogues are written independently from Kibana's source; this is where they meet.
"""
import importlib.util
import json
import os
import sys
from urllib.request import urlopen


def load(root):
    path = os.path.join(root, 'plugins', 'module_utils', '_catalogue.py')
    spec = importlib.util.spec_from_file_location('catalogue', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _introduced(cat, record):
    """The versions that introduced the type, as the double writes them (None: older than 8.0)."""
    starts = [list(cat.version_key(start)[:2]) for start in record.introduced]
    return None if starts[0][0] < 8 else starts


def _continuous(since):
    """[[8, 18], [9, 0]] says what [[8, 18]] says (every later version): the same list without such a [M, 0]."""
    if since is None:
        return None
    return [start for index, start in enumerate(since)
            if not (index and start[1] == 0 and since[index - 1][0] == start[0] - 1)]


def _defaults(cat, record, version, config):
    """key -> the value a create with ``config`` gets back for each key it leaves out (absent keys left out)."""
    result = {}
    for key, default in record.config_defaults.items():
        if key in config or key in record.config_required or not default.applies(config):
            continue
        value = default.at(version, config)
        if value is not cat.ABSENT:
            result[key] = value
    return result


def _variant_defaults(variant):
    return dict((key, spec['default']) for key, spec in variant['keys'].items() if 'default' in spec)


def compare(cat, version, double):
    problems = []
    known = set(cat.known_types())
    described = dict((type_id, entry) for type_id, entry in double['types'].items() if not entry.get('extra'))
    theirs = set(described) | set(double['not_registered'])
    for type_id in sorted(known ^ theirs):
        problems.append('%s: only in the %s catalogue' % (type_id, 'collection' if type_id in known else "double's"))
    predates = sorted(t for t in known if not cat.get_type(t).available_in(version))
    if predates != sorted(double['not_registered']):
        problems.append('types %s predates: collection %s, double %s' % (version, predates, sorted(double['not_registered'])))
    for type_id in sorted(known & set(described)):
        texts = compare_type(cat, cat.get_type(type_id), version, described[type_id])
        problems += ['%s: %s' % (type_id, text) for text in texts]
    return problems


def compare_type(cat, base, version, entry):
    record = base.at(version)
    problems = []

    def differ(what, ours, theirs):
        if ours != theirs:
            shown = (json.dumps(ours, sort_keys=True), json.dumps(theirs, sort_keys=True))
            problems.append('%s: collection %s, double %s' % ((what,) + shown))

    differ('licence', record.license, entry['minimum_license_required'])
    differ('system action type', record.system, entry['is_system_action_type'])
    differ('introduced in', _introduced(cat, record), _continuous(entry['since']))
    if record.system:
        return problems
    differ('required config keys', sorted(record.config_required), sorted(entry['config_required']))
    if entry['config_defaults'] is not None:
        differ('config defaults', _defaults(cat, record, version, {}), entry['config_defaults'])
    for variant in entry['config'].get('variants', ()):
        tag = variant['keys'].get('apiProvider', {}).get('allowed', [None])[0]
        config = {'apiProvider': tag} if tag else {}
        differ('config defaults with apiProvider %s' % tag, _defaults(cat, record, version, config),
               _variant_defaults(variant))
    minimal = entry.get('minimal_create')
    if minimal:
        differ('config returned for %s' % json.dumps(minimal['config'], sort_keys=True),
               record.returned_config_at(version, minimal['config']), minimal['returned_config'])
        differ('validation of the minimal create', cat.validate_connector(record.id, minimal['config'], dict(
            (key, 'x') for key in minimal['secrets'])), [])
    differ('required secrets keys', sorted(record.secrets_required), sorted(entry['secrets_required']))
    differ('secret keys', sorted(record.secrets_keys), sorted(entry['secret_keys']))
    differ('unknown config keys', 'kept' if record.config_keys is cat.ANY else
           'dropped' if record.strips_unknown_config else 'refused', entry['unknown_config_keys'])
    differ('has a deprecation rule', record.deprecated_when is not None, entry['deprecated_when'] is not None)
    if entry.get('sub_actions') is not None:
        # The collection knows the sub-actions of every version (older Kibana refuses the newer ones);
        # the double those of its version: each of the double's must be the collection's, and read alike.
        ours = dict((name, name in record.read_only_sub_actions) for name in (record.sub_actions or {}))
        theirs = dict((name, spec['reads_only']) for name, spec in entry['sub_actions'].items())
        differ('sub-actions (name: only reads)', dict((name, ours.get(name)) for name in theirs), theirs)
    return problems


def main():
    root, version = sys.argv[1], sys.argv[2]
    cat = load(root)
    result = {
        'predates': sorted(t for t in cat.known_types() if not cat.get_type(t).available_in(version)),
        'system': sorted(t for t in cat.known_types() if cat.get_type(t).system),
    }
    if len(sys.argv) > 3:
        with urlopen(sys.argv[3].rstrip('/') + '/types') as answer:  # nosec - the local test double
            double = json.loads(answer.read().decode('utf-8'))
        result['double_version'] = double['version']
        result['disagreements'] = compare(cat, version, double)
    print(json.dumps(result, indent=1))


if __name__ == '__main__':
    main()
