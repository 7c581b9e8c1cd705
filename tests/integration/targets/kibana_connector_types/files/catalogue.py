"""What the collection's catalogue (plugins/module_utils/_catalogue.py of the checkout) says of a Kibana version.

    catalogue.py <collection root> <version>
        -> {"known_types": [...], "predates": [...], "system": [...]}
    catalogue.py <collection root> <version> <double admin url>
        -> also "disagreements": where the catalogue and what the test double says of itself
           (GET <admin url>/types) differ, per type: licence, system flag, the versions that introduced it,
           required config keys, the defaults a create that leaves a key out gets back (per apiProvider for
           .gen-ai), the config returned for the double's own minimal create and its validation, required secrets,
           secret keys, which keys Kibana drops or keeps, the deprecation rule, the sub-actions with the ones that
           only read, and the value kinds the double's answer shows: which config keys take one of a set of
           values, and those values.

The two catalogues are written independently from Kibana's source; this is where they meet.
"""
import importlib
import json
import os
import sys
import types
from urllib.request import urlopen

PACKAGE = 'ansible_collections.kibana.connectors'


def load(root):
    """The catalogue of the checkout at ``root``, imported as the collection's module (it imports its engine,
    _schema.py, by the collection's name), whether or not ``root`` sits at .../ansible_collections/kibana/connectors."""
    root = os.path.abspath(root)
    parts = PACKAGE.split('.')
    for index in range(len(parts)):
        name = '.'.join(parts[:index + 1])
        module = types.ModuleType(name)
        module.__path__ = [root] if index == len(parts) - 1 else []
        sys.modules[name] = module
    return importlib.import_module(PACKAGE + '.plugins.module_utils._catalogue')


def engine():
    return importlib.import_module(PACKAGE + '.plugins.module_utils._schema')


def _introduced(cat, record):
    """The versions that introduced the type, as the double writes them (None: every supported version)."""
    if record.since is None:
        return None
    since = (record.since,) if isinstance(record.since, str) else record.since
    starts = [list(cat.version_key(start)[:2]) for start in since]
    return None if starts[0][0] < 8 else starts


def _continuous(since):
    """[[8, 18], [9, 0]] says what [[8, 18]] says (every later version): the same list without such a [M, 0]."""
    if since is None:
        return None
    return [start for index, start in enumerate(since)
            if not (index and start[1] == 0 and since[index - 1][0] == start[0] - 1)]


def _config_keys(record, version):
    keys = record.config_keys(version)
    return {} if keys is engine().ANY else keys


def _defaults(record, version, config):
    """key -> the value a create with ``config`` gets back for each key it leaves out (absent keys left out)."""
    schema = engine()
    result = {}
    for name, key in _config_keys(record, version).items():
        if name in config or key.required_in(version) or key.default is schema.NO_DEFAULT:
            continue
        if not key.default_applies(config):
            continue
        value = schema.at(key.default, version)
        value = value(config) if callable(value) else value
        if value is not schema.ABSENT:
            result[name] = value
    return result


def _variant_defaults(variant):
    return dict((key, spec['default']) for key, spec in variant['keys'].items() if 'default' in spec)


def _dummy(key):
    """A value of the key's kind for a secret the double only names (its minimal create's secrets are hidden)."""
    if key is None:
        return 'x'
    return {'url': 'https://secret.example.com/x', 'dict': {}, 'list': []}.get(key.kind, 'x')


def _enums(entry):
    """key -> the values the double's config schema allows, null aside (its variants merged: the tag of each, such as
    apiProvider, is one value of the key)."""
    summaries = entry['config'].get('variants') or [entry['config']]
    found = {}
    for summary in summaries:
        for name, spec in summary.get('keys', {}).items():
            if 'allowed' in spec:
                found.setdefault(name, set()).update(value for value in spec['allowed'] if value is not None)
    return dict((name, sorted(values)) for name, values in found.items())


def compare(cat, version, double):
    problems = []
    known = set(cat.known_types())
    # the types built from Kibana's connector specs that the catalogue has no record of are managed as types it does
    # not know (only what is certain: see kibana_connector's docs): not a disagreement
    spec_only = set(double.get('spec_types', ())) - known
    described = dict((type_id, entry) for type_id, entry in double['types'].items()
                     if not entry.get('extra') and type_id not in spec_only)
    not_registered = sorted(set(double['not_registered']) - spec_only)
    theirs = set(described) | set(not_registered)
    for type_id in sorted(known ^ theirs):
        problems.append('%s: only in the %s catalogue' % (type_id, 'collection' if type_id in known else "double's"))
    predates = sorted(t for t in known if not cat.get_type(t).available_in(version))
    if predates != not_registered:
        problems.append('types %s predates: collection %s, double %s' % (version, predates, not_registered))
    for type_id in sorted(known & set(described)):
        texts = compare_type(cat, cat.get_type(type_id), version, described[type_id])
        problems += ['%s: %s' % (type_id, text) for text in texts]
    return problems


def compare_type(cat, record, version, entry):  # pylint: disable=too-many-locals
    problems = []

    def differ(what, ours, theirs):
        if ours != theirs:
            shown = (json.dumps(ours, sort_keys=True), json.dumps(theirs, sort_keys=True))
            problems.append('%s: collection %s, double %s' % ((what,) + shown))

    differ('licence', record.license, entry['minimum_license_required'])
    differ('system action type', record.system, entry['is_system_action_type'])
    differ('introduced in', _introduced(cat, record), _continuous(entry['since']))
    differ('type deprecated', record.deprecated_in(version), bool(entry.get('connector_type_deprecated')))
    if entry.get('connector_type_deprecated'):
        differ('recommendation', record.recommendation, entry.get('deprecation_recommendation'))
    if record.system:
        return problems
    config_keys = _config_keys(record, version)
    secrets_keys = record.secrets_keys(version)
    differ('required config keys', sorted(name for name, key in config_keys.items() if key.required_in(version)),
           sorted(entry['config_required']))
    if entry['config_defaults'] is not None:
        differ('config defaults', _defaults(record, version, {}), entry['config_defaults'])
    for variant in entry['config'].get('variants', ()):
        tag = variant['keys'].get('apiProvider', {}).get('allowed', [None])[0]
        config = {'apiProvider': tag} if tag else {}
        differ('config defaults with apiProvider %s' % tag, _defaults(record, version, config), _variant_defaults(variant))
    minimal = entry.get('minimal_create')
    if minimal:
        differ('config returned for %s' % json.dumps(minimal['config'], sort_keys=True),
               cat.returned_config(record.id, minimal['config'], version), minimal['returned_config'])
        secrets = dict((name, _dummy(secrets_keys.get(name))) for name in minimal['secrets'])
        differ('validation of the minimal create',
               cat.validate_connector(record.id, minimal['config'], secrets, version=version), [])
    differ('required secrets keys', sorted(name for name, key in secrets_keys.items() if key.required_in(version)),
           sorted(entry['secrets_required']))
    differ('secret keys', sorted(secrets_keys), sorted(entry['secret_keys']))
    differ('unknown config keys', 'kept' if record.config_keys(version) is engine().ANY else
           'dropped' if record.drops_unknown_config(version) else 'refused', entry['unknown_config_keys'])
    differ('has a deprecation rule', record.deprecated_if is not None, entry['deprecated_when'] is not None)
    # value kinds: the double's answer shows which keys take one of a set of values (null aside)
    for name, allowed in sorted(_enums(entry).items()):
        key = config_keys.get(name)
        if key is not None:
            ours = sorted(value for value in key.choices(version) if value is not None) if key.kind == 'enum' else key.kind
            differ('values of config key %s' % name, ours, allowed)
    for name, key in sorted(config_keys.items()):
        if key.kind == 'enum' and name not in _enums(entry) and name in _keys_of(entry):
            differ('values of config key %s' % name, sorted(value for value in key.choices(version) if value is not None),
                   'not a set of values')
    if entry.get('sub_actions') is not None:
        # The collection knows the sub-actions of every version (older Kibana refuses the newer ones);
        # the double those of its version: each of the double's must be the collection's, and read alike.
        ours = dict((name, name in record.read_only) for name in (record.sub_actions or {}))
        theirs = dict((name, spec['reads_only']) for name, spec in entry['sub_actions'].items())
        differ('sub-actions (name: only reads)', dict((name, ours.get(name)) for name in theirs), theirs)
    return problems


def _keys_of(entry):
    keys = {}
    for summary in entry['config'].get('variants') or [entry['config']]:
        keys.update(summary.get('keys', {}))
    return keys


def main():
    root, version = sys.argv[1], sys.argv[2]
    cat = load(root)
    result = {
        'known_types': cat.known_types(),
        'predates': sorted(t for t in cat.known_types() if not cat.get_type(t).available_in(version)),
        'system': sorted(t for t in cat.known_types() if cat.get_type(t).system),
        # the types this Kibana deprecates, and the warning the modules give for each
        'deprecated': dict((t, 'connector type %s is deprecated in this Kibana: %s' % (t, cat.get_type(t).recommendation))
                           for t in cat.known_types() if cat.get_type(t).deprecated_in(version)),
    }
    if len(sys.argv) > 3:
        with urlopen(sys.argv[3].rstrip('/') + '/types') as answer:  # nosec - the local test double
            double = json.loads(answer.read().decode('utf-8'))
        result['double_version'] = double['version']
        result['disagreements'] = compare(cat, version, double)
    print(json.dumps(result, indent=1))


if __name__ == '__main__':
    main()
