"""Verifies a mail's DKIM signature with dkimpy (Debian's python3-dkim), an independent verifier.

    /usr/bin/python3 verify.py <message file> <selector._domainkey.domain> <base64 public key>

The public key is answered for that DNS name instead of a TXT lookup. Prints the signature's tags
(a=, c=, d=, s=, h=) and the result; exits 0 only when the signature verifies.
"""
import sys

import dkim

path, record_name, public_key = sys.argv[1:4]
with open(path, "rb") as message_file:
    message = message_file.read()


def txt_record(name, timeout=5):
    name = name.decode() if isinstance(name, bytes) else name
    if name.rstrip(".").lower() == record_name.lower():
        return ("v=DKIM1; k=rsa; p=" + public_key).encode()
    return None


verifier = dkim.DKIM(message)
verified = verifier.verify(dnsfunc=txt_record)
for tag in (b"a", b"c", b"d", b"s", b"h"):
    value = verifier.signature_fields.get(tag, b"")
    print(tag.decode() + "=" + b"".join(value.split()).decode())
print("verified=" + str(verified).lower())
sys.exit(0 if verified else 1)
