"""What the collection's catalogue (plugins/module_utils/_catalogue.py of the checkout) says of a Kibana version.

    catalogue.py <collection root> <version>                   -> {"predates": [...], "system": [...]}
    catalogue.py <collection root> <version> <double types>    -> also "disagreements": the comparison with
                                                                  what the double says of itself (a JSON file)
"""
import importlib.util
import json
import os
import sys


def load(root):
    path = os.path.join(root, 'plugins', 'module_utils', '_catalogue.py')
    spec = importlib.util.spec_from_file_location('catalogue', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    root, version = sys.argv[1], sys.argv[2]
    cat = load(root)
    result = {
        'predates': sorted(t for t in cat.known_types() if not cat.get_type(t).available_in(version)),
        'system': sorted(t for t in cat.known_types() if cat.get_type(t).system),
    }
    print(json.dumps(result))


if __name__ == '__main__':
    main()
