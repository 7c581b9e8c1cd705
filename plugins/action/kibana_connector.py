# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Action plugin of kibana.connectors.kibana_connector (documentation: plugins/modules/kibana_connector.py).

Passes the host fact of the secrets' fingerprints to the module (see plugin_utils/_remembering.py).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

from ansible_collections.kibana.connectors.plugins.plugin_utils._remembering import RememberingAction


class ActionModule(RememberingAction):
    """kibana_connector, with what the host's facts remember of the secrets it wrote."""

    MODULE = 'kibana.connectors.kibana_connector'
