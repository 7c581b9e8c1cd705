# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Finding connectors and checking spaces: the one lookup every module of kibana.connectors uses.

* ``find_connector``: the connector a task names, by id (one GET, or the list when
  its referenced_by_count is needed) or by its name, which must be unique in the
  space (one list); None when there is none.
* ``require_connector``: the same for a connector that must exist (execute), with
  errors that say whether the connector or its space is missing.
* ``check_space`` / ``space_problem``: a space that does not exist is an error, one
  that cannot be verified (the Spaces API answers 403) is a warning.

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

from ansible_collections.kibana.connectors.plugins.module_utils._kibana import (
    DEFAULT_SPACE,
    KibanaError,
    KibanaSpaceNotFoundError,
)


class LookupFailed(KibanaError):
    """The connector cannot be found, or its name is not unique: the text is meant for the user as it is."""

    standalone = True


def space_problem(space_id, exists):
    """What a space check found: raise KibanaSpaceNotFoundError when the space is missing (``exists`` False);
    a warning text when it could not be verified (``exists`` None); else None."""
    if exists is False:
        raise KibanaSpaceNotFoundError(space_id)
    if exists is None:
        return ('Could not verify that space %r exists: the user may not read the Spaces API (HTTP 403). '
                'Going on as if it does.' % (space_id,))
    return None


def check_space(client, space_id, warnings):
    """Fail when Kibana says the space does not exist; add a warning (once) when it cannot be verified.

    Costs no request for the default space, nor when a stored connector already
    answered from the space in this run (the client remembers both).
    """
    warning = space_problem(space_id, client.space_exists(space_id))
    if warning and warning not in warnings:
        warnings.append(warning)


def unique_name(connectors, name, space_id):
    """The connector of ``connectors`` named ``name``, or None; LookupFailed when several share the name."""
    matches = [connector for connector in connectors if connector.get('name') == name]
    if len(matches) > 1:
        raise LookupFailed('%d connectors are named %r in space %r (ids: %s); give connector_id to choose one'
                           % (len(matches), name, space_id, ', '.join(sorted(str(c.get('id')) for c in matches))))
    return matches[0] if matches else None


def find_connector(client, space_id=DEFAULT_SPACE, connector_id=None, name=None, listed=False):
    """The connector a task is about, or None: by id (one GET), else by unique name in the space (one list).

    ``listed``: by id too from the space's list, which carries referenced_by_count (the GET does not),
    when the caller needs it (one list instead of a GET and then the list).
    """
    if connector_id and not listed:
        return client.get_connector(connector_id, space_id)
    connectors = client.list_connectors(space_id)
    if connector_id:
        return next((connector for connector in connectors if connector.get('id') == connector_id), None)
    return unique_name(connectors, name, space_id)


def missing_id(client, connector_id, space_id, warnings):
    """The error for a connector id Kibana answered 404 for: the space or the connector is missing."""
    if space_id != DEFAULT_SPACE:
        check_space(client, space_id, warnings)
    return LookupFailed('No connector with id %r in space %r (connector ids are per space; it may live in another one).'
                        % (connector_id, space_id))


def require_connector(client, space_id, connector_id=None, name=None, warnings=None):
    """The connector to act on, which must exist: by id (one GET) or by unique name (one list).

    Preconfigured connectors count: Kibana lists them in every space, even a
    missing one, so only a stored connector proves the space. Raises LookupFailed
    for an unknown id or name or a duplicate name, KibanaSpaceNotFoundError for a
    missing space.
    """
    warnings = [] if warnings is None else warnings
    if connector_id:
        connector = client.get_connector(connector_id, space_id)
        if connector is None:
            raise missing_id(client, connector_id, space_id, warnings)
        check_space(client, space_id, warnings)
        return connector
    connectors = client.list_connectors(space_id)
    check_space(client, space_id, warnings)
    connector = unique_name(connectors, name, space_id)
    if connector is None:
        raise LookupFailed('No connector named %r in space %r.' % (name, space_id))
    return connector


def list_space(client, space_id, warnings):
    """The connectors of a space (one list), failing for a missing space rather than returning an empty list."""
    connectors = client.list_connectors(space_id)
    check_space(client, space_id, warnings)
    return connectors
