"""Test certificates, made at test time (no key is ever committed): two CAs, a server certificate, a client CA and
a client certificate. Uses `cryptography` (installed with ansible-core).

    python -m tests.kibana_double.pki DIR     # writes the files below into DIR, prints their paths as JSON
    from tests.kibana_double.pki import write_pki; paths = write_pki(directory)

| key | file | what |
|---|---|---|
| `ca` | ca.pem | the CA that signed the server certificate |
| `other_ca` | other-ca.pem | a CA that signed nothing the double serves (an "other bundle") |
| `server_cert`, `server_key` | server.pem, server-key.pem | CN and subjectAltName IP 127.0.0.1 only (so https://localhost is a hostname mismatch) |
| `client_ca` | client-ca.pem | the CA the double's `--tls-client-ca` trusts |
| `client_cert`, `client_key` | client.pem, client-key.pem | a client certificate signed by `client_ca` |
| `client_combined` | client-combined.pem | the client certificate followed by its key, in one file |
| `stranger_cert`, `stranger_key` | stranger.pem, stranger-key.pem | a client certificate signed by `other_ca` (not trusted by the double) |
"""

import datetime
import ipaddress
import json
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, 'kibana.connectors tests'),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _build(subject, issuer, public_key, signing_key, extensions):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=2)))
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    return builder.sign(signing_key, hashes.SHA256())


def make_ca(common_name):
    """A self-signed CA: (certificate, key)."""
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _build(_name(common_name), _name(common_name), key.public_key(), key, [
        (x509.BasicConstraints(ca=True, path_length=0), True),
        (x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                       key_encipherment=False, data_encipherment=False, key_agreement=False, encipher_only=False,
                       decipher_only=False), True),
        (x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False),
    ])
    return cert, key


def issue(ca, common_name, ips=(), dns=(), client=False):
    """A leaf certificate signed by `ca` (a make_ca result): (certificate, key)."""
    ca_cert, ca_key = ca
    key = ec.generate_private_key(ec.SECP256R1())
    extensions = [
        (x509.BasicConstraints(ca=False, path_length=None), True),
        (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH if client else ExtendedKeyUsageOID.SERVER_AUTH]), False),
        (x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False),
    ]
    names = [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ips] + [x509.DNSName(name) for name in dns]
    if names:
        extensions.append((x509.SubjectAlternativeName(names), False))
    return _build(_name(common_name), ca_cert.subject, key.public_key(), ca_key, extensions), key


def _cert_pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def _write(path, data, private=False):
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    with os.fdopen(descriptor, 'wb') as handle:
        handle.write(data)
    return path


def write_pki(directory):
    """Make every certificate of the table above in `directory`; return {key: path}."""
    ca, other_ca, client_ca = make_ca('Test CA'), make_ca('Other CA'), make_ca('Test client CA')
    server = issue(ca, '127.0.0.1', ips=['127.0.0.1'])
    client = issue(client_ca, 'test-client', client=True)
    stranger = issue(other_ca, 'stranger', client=True)
    paths = {}

    def put(key, name, data, private=False):
        paths[key] = _write(os.path.join(directory, name), data, private)

    put('ca', 'ca.pem', _cert_pem(ca[0]))
    put('other_ca', 'other-ca.pem', _cert_pem(other_ca[0]))
    put('client_ca', 'client-ca.pem', _cert_pem(client_ca[0]))
    put('server_cert', 'server.pem', _cert_pem(server[0]))
    put('server_key', 'server-key.pem', _key_pem(server[1]), private=True)
    put('client_cert', 'client.pem', _cert_pem(client[0]))
    put('client_key', 'client-key.pem', _key_pem(client[1]), private=True)
    put('client_combined', 'client-combined.pem', _cert_pem(client[0]) + _key_pem(client[1]), private=True)
    put('stranger_cert', 'stranger.pem', _cert_pem(stranger[0]))
    put('stranger_key', 'stranger-key.pem', _key_pem(stranger[1]), private=True)
    return paths


if __name__ == '__main__':
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        sys.stderr.write('usage: python -m tests.kibana_double.pki DIRECTORY\n')
        sys.exit(2)
    json.dump(write_pki(sys.argv[1]), sys.stdout, sort_keys=True)
    sys.stdout.write('\n')
