# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""An action plugin's argument spec read from its documentation stub, so that the options are declared once.

Only the options written in the stub itself count (not those of documentation fragments). Module documentation
has no ``no_log``: the actions never show their options, and mask the secret ones themselves.

Private to the collection (the name starts with an underscore): not a public API.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import yaml

_KEYS = ('type', 'elements', 'choices', 'default', 'required', 'aliases')


def _spec(options):
    spec = {}
    for name, option in options.items():
        entry = dict((key, option[key]) for key in _KEYS if key in option)
        entry.setdefault('type', 'str')
        if 'suboptions' in option:
            entry['options'] = _spec(option['suboptions'])
        spec[name] = entry
    return spec


def from_documentation(documentation):
    """The argument_spec of the options of a module's DOCUMENTATION (YAML text)."""
    return _spec(yaml.safe_load(documentation).get('options') or {})
