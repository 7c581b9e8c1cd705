# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Values as Kibana reads them: plain Python, dotted keys as nested keys."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.kibana.connectors.plugins.plugin_utils._values import deepen, dotted_keys, get_path, leaves, plain


def test_plain_turns_ansible_values_into_exact_python_types():
    value = plain(wrap_var({'a': ['x', 1, 2.5, True, None], 'b': {'c': b'bytes'}}))
    assert value == {'a': ['x', 1, 2.5, True, None], 'b': {'c': 'bytes'}}
    assert type(value['a'][0]) is str and type(value) is dict and type(value['a']) is list  # pylint: disable=unidiomatic-typecheck


def test_deepen_reads_dotted_and_nested_alike():
    conflicts = []
    assert deepen({'a.b': 1, 'a': {'c': 2}, 'x': [{'y.z': 3}]}, conflicts) == {'a': {'b': 1, 'c': 2}, 'x': [{'y': {'z': 3}}]}
    assert conflicts == []
    deepen({'a.b': 1, 'a': {'b': 2}}, conflicts)
    assert conflicts == ['a.b']


def test_deepen_reports_a_scalar_replaced_by_a_mapping():
    conflicts = []
    assert deepen({'a': 1, 'a.b': 2}, conflicts) == {'a': {'b': 2}}
    assert conflicts == ['a']


def test_paths_leaves_and_dotted_keys():
    data = {'a': {'b': {'c': 1}, 'd': [1]}, 'e': {}}
    assert get_path(data, ('a', 'b', 'c')) == 1 and get_path(data, ('a', 'x')) is None and get_path(data, ('a', 'd', 'x')) is None
    assert leaves(data) == {'a.b.c': 1, 'a.d': [1], 'e': {}}
    assert dotted_keys({'h': {'X.Y': 1}, 'l': [{'p.q': 2}]}) == ['h.X.Y', 'l.p.q']
