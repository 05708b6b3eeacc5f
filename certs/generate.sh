#!/usr/bin/env bash
# Regenerate the pyssl test PKI. Uses only the openssl CLI.
# Usage: bash certs/generate.sh   (from any directory; writes next to this script)
# All keys produced here are for tests only. Never use them for anything else.
set -euo pipefail

OUT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# Validity of the good certificates: backdated (so clock skew cannot make them
# "not yet valid") and ~100 years long. The expired one lives in early 2020.
# OpenSSL 3.0's `x509 -req` has no -not_before/-not_after, hence `openssl ca`.
GOOD_START=20200101000000Z
GOOD_END=21200101000000Z
EXPIRED_START=20200101000000Z
EXPIRED_END=20200102000000Z

SANS="DNS:localhost,IP:127.0.0.1,IP:::1"

cd "$OUT"

cat > "$TMP/openssl.cnf" <<EOF
[ca]
default_ca = test_ca

[test_ca]
dir = $TMP/db
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
copy_extensions = none

[policy_any]
countryName = optional
organizationName = optional
commonName = supplied

[req]
distinguished_name = req_dn
prompt = no

[req_dn]
CN = unused

[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[server_ext]
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
subjectAltName = $SANS
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer

[client_ext]
basicConstraints = CA:FALSE
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer

[selfsigned_ext]
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash

[nosan_ext]
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer

[wronghost_ext]
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
subjectAltName = DNS:example.org
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
EOF

mkdir "$TMP/db"
: > "$TMP/db/index.txt"
openssl rand -hex 8 > "$TMP/db/serial"

# quiet CMD...: run CMD, print its chatter only if it fails
quiet() { "$@" > "$TMP/log" 2>&1 || { cat "$TMP/log" >&2; return 1; }; }

rsa_key() { openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1"; }
ec_key() {
    openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
        -pkeyopt ec_param_enc:named_curve -out "$1"
}

# cert NAME SUBJECT EXT_SECTION ISSUER [START END]
#   Signs NAME.key into NAME.pem. ISSUER "self" means self-signed.
cert() {
    local name=$1 subj=$2 ext=$3 issuer=$4
    local start=${5:-$GOOD_START} end=${6:-$GOOD_END}
    local signer=(-cert "$issuer.pem" -keyfile "$issuer.key")
    [ "$issuer" = self ] && signer=(-selfsign -keyfile "$name.key")
    quiet openssl req -new -sha256 -config "$TMP/openssl.cnf" \
        -key "$name.key" -subj "$subj" -out "$TMP/$name.csr"
    quiet openssl ca -batch -notext -preserveDN -rand_serial \
        -config "$TMP/openssl.cnf" "${signer[@]}" \
        -in "$TMP/$name.csr" -out "$name.pem" \
        -startdate "$start" -enddate "$end" -extensions "$ext"
}

# Root CA.
rsa_key ca.key
cert ca "/C=XY/O=pyssl/CN=pyssl Test CA" ca_ext self

# Unrelated second CA, and a localhost leaf signed by it.
rsa_key other-ca.key
cert other-ca "/C=XY/O=pyssl other/CN=pyssl Other Test CA" ca_ext self
rsa_key untrusted.key
cert untrusted "/C=XY/O=pyssl/CN=localhost" server_ext other-ca

# Server (RSA), chain, combined key+cert, encrypted key.
rsa_key server.key
cert server "/C=XY/O=pyssl/CN=localhost" server_ext ca
cat server.pem ca.pem > server-chain.pem
cat server.key server.pem > server-keycert.pem
openssl pkcs8 -topk8 -v2 aes-256-cbc -in server.key -out server.passwd.key \
    -passout pass:somepass

# Server (ECDSA P-256).
ec_key server-ecdsa.key
cert server-ecdsa "/C=XY/O=pyssl/CN=localhost" server_ext ca

# Client.
rsa_key client.key
cert client "/C=XY/O=pyssl/CN=pyssl client" client_ext ca

# Expired localhost leaf.
rsa_key expired.key
cert expired "/C=XY/O=pyssl/CN=localhost" server_ext ca "$EXPIRED_START" "$EXPIRED_END"

# Self-signed localhost.
rsa_key selfsigned.key
cert selfsigned "/C=XY/O=pyssl/CN=localhost" selfsigned_ext self

# No subjectAltName at all.
rsa_key nosan.key
cert nosan "/C=XY/O=pyssl/CN=nosan.localhost" nosan_ext ca

# Wrong host.
rsa_key wrong-host.key
cert wrong-host "/C=XY/O=pyssl/CN=example.org" wronghost_ext ca

# DH parameters: the well-known RFC 7919 ffdhe2048 group (instant).
openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 -out dh2048.pem

# Invalid inputs.
printf 'this is not a PEM file\nno BEGIN line here\njust garbage 1234\n' > garbage.pem
: > empty.pem

chmod 644 ./*.pem ./*.key
echo "generated test PKI in $OUT"
