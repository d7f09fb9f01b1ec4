#!/usr/bin/env bash
# Creates the development keys under .data/ once (personal-data encryption and look-up hashing).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FILE=${UNIONONE_SECRETS_FILE:-$ROOT/.data/secrets.json}
[ -s "$FILE" ] && exit 0
mkdir -p "$(dirname "$FILE")"
umask 077
key() { head -c 32 /dev/urandom | base64 | tr -d '\n'; }
cat > "$FILE" <<JSON
{
  "PersonalData": {
    "EncryptionKeys": { "1": "$(key)" },
    "CurrentKeyId": 1,
    "LookupKey": "$(key)"
  }
}
JSON
echo "Created development keys in $FILE"
