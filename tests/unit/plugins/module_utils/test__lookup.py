# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the one lookup (plugins/module_utils/_lookup.py): connectors by id or unique name, and space checks."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import pytest

from ansible_collections.kibana.connectors.plugins.module_utils._errors import KibanaSpaceNotFoundError
from ansible_collections.kibana.connectors.plugins.module_utils._lookup import (
    LookupFailed,
    check_space,
    require_connector,
    space_problem,
)
from ansible_collections.kibana.connectors.tests.unit.plugins.fake_kibana import client_for, sample


@pytest.fixture
def kibana():
    return sample()


# ------------------------------------------------------------------ spaces
def test_space_problem():
    assert space_problem('team-a', True) is None
    with pytest.raises(KibanaSpaceNotFoundError, match="Space 'ghost' does not exist in Kibana"):
        space_problem('ghost', False)
    assert "Could not verify that space 'hidden' exists" in space_problem('hidden', None)


def test_check_space_asks_only_for_an_unproven_named_space(kibana):
    client, warnings = client_for(kibana), []
    check_space(client, 'default', warnings)
    check_space(client, 'team-a', warnings, proven=True)  # a stored connector answered from it
    check_space(client, 'team-a', warnings)
    with pytest.raises(KibanaSpaceNotFoundError):
        check_space(client, 'ghost', warnings)
    assert kibana.paths() == ['GET /api/spaces/space/team-a', 'GET /api/spaces/space/ghost'] and warnings == []


# ------------------------------------------------------------------ require_connector
def test_resolve_by_id_is_one_get(kibana):
    client = client_for(kibana)
    assert require_connector(client, 'default', 'hook-1', None)['connector_type_id'] == '.webhook'
    assert kibana.paths() == ['GET /api/actions/connector/hook-1']


def test_resolve_by_name_is_one_list(kibana):
    client = client_for(kibana)
    assert require_connector(client, 'default', None, 'Docs index')['id'] == 'index-1'
    assert kibana.paths() == ['GET /api/actions/connectors']


def test_resolve_stored_connector_in_named_space_proves_the_space(kibana):
    client = client_for(kibana)
    assert require_connector(client, 'team-a', None, 'Team log')['id'] == 'log-a'
    assert require_connector(client_for(kibana), 'team-a', 'log-a', None)['id'] == 'log-a'
    assert kibana.paths() == ['GET /s/team-a/api/actions/connectors', 'GET /s/team-a/api/actions/connector/log-a']


def test_resolve_preconfigured_by_name(kibana):
    client = client_for(kibana)
    assert require_connector(client, 'default', None, 'Preconfigured slack')['is_preconfigured'] is True
    assert len(kibana.calls) == 1


def test_preconfigured_in_named_space_asks_the_spaces_api(kibana):
    """A preconfigured connector is listed in any space, even a missing one: it proves nothing."""
    kibana.add('solo', 'Solo', '.server-log', preconfigured=True)
    assert require_connector(client_for(kibana), 'team-b', None, 'Solo')['id'] == 'solo'
    assert kibana.paths() == ['GET /s/team-b/api/actions/connectors', 'GET /api/spaces/space/team-b']


def test_unknown_name_fails_clearly(kibana):
    with pytest.raises(LookupFailed, match="No connector named 'Nope' in space 'default'"):
        require_connector(client_for(kibana), 'default', None, 'Nope')


def test_duplicate_name_fails_and_lists_the_ids(kibana):
    with pytest.raises(LookupFailed) as err:
        require_connector(client_for(kibana), 'default', None, 'Twin')
    text = str(err.value)
    assert "2 connectors are named 'Twin'" in text
    assert 'dup-1' in text and 'dup-2' in text and 'connector_id' in text


def test_unknown_id_in_default_space_needs_no_space_check(kibana):
    with pytest.raises(LookupFailed, match="No connector with id 'nope' in space 'default'"):
        require_connector(client_for(kibana), 'default', 'nope', None)
    assert kibana.paths() == ['GET /api/actions/connector/nope']


def test_unknown_id_in_existing_named_space(kibana):
    with pytest.raises(LookupFailed, match="No connector with id 'hook-1' in space 'team-b'"):
        require_connector(client_for(kibana), 'team-b', 'hook-1', None)
    assert kibana.paths() == ['GET /s/team-b/api/actions/connector/hook-1', 'GET /api/spaces/space/team-b']


@pytest.mark.parametrize('connector_id, name', [('hook-1', None), (None, 'Preconfigured slack'), (None, 'Nope')])
def test_missing_space_is_named(kibana, connector_id, name):
    with pytest.raises(KibanaSpaceNotFoundError, match="Space 'ghost' does not exist"):
        require_connector(client_for(kibana), 'ghost', connector_id, name)


def test_spaces_api_403_is_not_missing(kibana):
    kibana.spaces_forbidden = True
    warnings = []
    with pytest.raises(LookupFailed, match='No connector named'):
        require_connector(client_for(kibana), 'ghost', None, 'Nope', warnings)
    assert len(warnings) == 1 and "Could not verify that space 'ghost' exists" in warnings[0]


def test_check_space_warns_once(kibana):
    kibana.spaces_forbidden = True
    client, warnings = client_for(kibana), []
    check_space(client, 'team-a', warnings)
    check_space(client, 'team-a', warnings)
    assert len(warnings) == 1
