# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The YAML text editor: positions, duplicate keys, cutting keys out line by line, marked blocks, dumping."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import pytest
import yaml

from ansible_collections.kibana.connectors.plugins.plugin_utils._yaml_text import (
    YamlProblem, check_document, cut_keys, dump, duplicates, parse_tree, without_block)

PREFIX = ('xpack', 'actions')


@pytest.mark.parametrize('text, expected', [
    ('a: 1\nxpack.actions.allowedHosts:\n  - x   # old\nb: 2\n', 'a: 1\nb: 2\n'),
    ('xpack:\n  # security\n  security:\n    enabled: true\n  actions:\n    # inner\n    x: 1\nz: 1\n',
     'xpack:\n  # security\n  security:\n    enabled: true\nz: 1\n'),
    ('a: 1\nxpack:\n  actions:\n    allowedHosts: [x]\nb: 2\n', 'a: 1\nb: 2\n'),
    ('xpack:\n  actions.allowedHosts: [x]\n  security.enabled: true\n', 'xpack:\n  security.enabled: true\n'),
    ('xpack.actions.allowedHosts:\nserver.host: a\n', 'server.host: a\n'),
    ('a: 1\nxpack.actions.proxyUrl: |\n  http://p\n\nxpack.actions.allowedHosts: [x,\n  y]  # c\nb: 2\n', 'a: 1\nb: 2\n'),
    ('# top\nxpack: {security: {enabled: true}, actions: {allowedHosts: [x]}}  # inline\n# after\n',
     '# top\nxpack:\n  security:\n    enabled: true\n# after\n'),
    ('{server.host: a, xpack.actions.allowedHosts: [x]}\n', 'server.host: a\n'),
    ('', ''),
    ('# only a comment\n\n\n', '# only a comment\n'),
])
def test_cut_keys_removes_only_the_keys_under_the_prefix(text, expected):
    assert cut_keys(text, PREFIX) == expected


def test_cut_keys_refuses_what_it_cannot_cut_line_by_line():
    with pytest.raises(YamlProblem, match="cannot cut out 'xpack.actions.x' at line 2 line by line; rewrite it in block style"):
        cut_keys('a: 1\n? xpack.actions.x\n: 1\n', PREFIX)


@pytest.mark.parametrize('text, message', [
    ('a: [\n', 'kibana.yml is not valid YAML'),
    ('a: 1\n---\nb: 2\n', 'kibana.yml holds 2 YAML documents; Kibana reads one'),
    ('a: 1\nb: 2\na: 3\n', "kibana.yml: duplicate key 'a' (lines 1 and 3); Kibana refuses duplicate keys"),
    ('x:\n  - {k: 1, k: 2}\n', "duplicate key 'k'"),
    ('- a\n- b\n', 'kibana.yml does not hold a mapping of settings'),
])
def test_check_document_names_the_problem(text, message):
    with pytest.raises(YamlProblem) as raised:
        check_document(text, 'kibana.yml')
    assert message in str(raised.value)


def test_problems_give_the_line_and_never_the_text():
    with pytest.raises(YamlProblem) as raised:
        parse_tree('elasticsearch.password: unit-secret-0001\n\tbad: [\n')
    assert 'line 2' in str(raised.value) and 'unit-secret-0001' not in str(raised.value)


def test_duplicates_of_an_empty_document():
    assert duplicates(parse_tree(''), 'x') == [] and parse_tree('') is None


def test_without_block():
    text = 'a: 1\n# BEGIN x\nb: 2\n# END x\nc: 3\n'
    assert without_block(text, '# BEGIN', '# END') == 'a: 1\nc: 3\n'
    with pytest.raises(YamlProblem, match='starts at line 2 has no END line'):
        without_block('a: 1\n# BEGIN x\nb: 2\n', '# BEGIN', '# END')


def test_dump_indents_lists_and_keeps_long_values_on_one_line():
    long_value = 'x' * 150 + ' with spaces ' + 'y' * 150
    text = dump({'k': [1, 2], 'long': long_value, 'n': {'m': None}})
    assert text.startswith('k:\n  - 1\n  - 2\n')
    assert '\nlong: %s\n' % long_value in text
    assert yaml.safe_load(text) == {'k': [1, 2], 'long': long_value, 'n': {'m': None}}
