# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The actions' argument specs come from their documentation stubs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.kibana.connectors.plugins.modules import kibana_keystore, kibana_yml
from ansible_collections.kibana.connectors.plugins.plugin_utils._argspec import from_documentation

DOC = '''
options:
  plain:
    description: No type given.
  items:
    description: x
    type: list
    elements: dict
    default: []
    suboptions:
      secret:
        description: x
        type: dict
      kind:
        description: x
        type: str
        choices: [a, b]
        aliases: [sort]
  flag:
    description: x
    type: bool
    default: false
    required: false
'''


def test_every_key_of_the_documentation_that_the_spec_knows_is_kept():
    assert from_documentation(DOC) == {
        'plain': {'type': 'str'},
        'items': {'type': 'list', 'elements': 'dict', 'default': [], 'options': {
            'secret': {'type': 'dict'},
            'kind': {'type': 'str', 'choices': ['a', 'b'], 'aliases': ['sort']}}},
        'flag': {'type': 'bool', 'default': False, 'required': False},
    }


def test_the_spec_checks_and_completes_arguments():
    validator = ArgumentSpecValidator(from_documentation(DOC))
    result = validator.validate({'items': [{'secret': {'k': 'hidden-0001'}, 'sort': 'a'}]})
    assert result.error_messages == []
    item = result.validated_parameters['items'][0]
    assert item['secret'] == {'k': 'hidden-0001'} and item['kind'] == 'a'  # the alias is read
    assert result.validated_parameters['flag'] is False
    assert validator.validate({"items": [{"kind": "c"}]}).error_messages


@pytest.mark.parametrize('stub', [kibana_yml, kibana_keystore])
def test_the_stubs_give_a_valid_spec_with_the_prefix_option(stub):
    spec = from_documentation(stub.DOCUMENTATION)
    assert spec['variable_prefix'] == {'type': 'str'}
    assert spec['connectors']['options']['secrets'] == {'type': 'dict'}
    result = ArgumentSpecValidator(spec).validate({})
    assert result.error_messages == []
