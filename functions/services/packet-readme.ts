/**
 * README.txt of a packet ZIP: how to check it offline with common tools, without this service.
 *
 * @example
 * packetReadme({ caseRef: 'HT-2023-001', packetId, debtId, pdfPath: 'packet-HT-2023-001.pdf', head })
 */
export function packetReadme(packet: { caseRef: string; packetId: string; debtId: string; pdfPath: string; generatedAt: string; head: { seq: number; hash: string } }): string {
  return `Litigation packet ${packet.caseRef} — 诉讼证据材料包
Packet ${packet.packetId}, debt ${packet.debtId}, generated ${packet.generatedAt}.

What is here
  ${packet.pdfPath}   the packet PDF: cover, evidence list (证据目录), every exhibit page
                      stamped with its exhibit number, running page number and the first
                      12 hex digits of the original's SHA-256, the audit certificate; sealed (PAdES).
  exhibits/           the original files, named <exhibit number>-<document type>-<file name>.
                      Originals that were signed through the service keep their own seals.
  audit.jsonl         the debt's audit chain, one event per line, oldest first.
  seal-chain.pem      the seal certificate and its issuers, up to the root.
  manifest.json       SHA-256 and size of every file (but itself and SHA256SUMS), of the packet
                      PDF, the debt and packet ids, and the chain head.
  SHA256SUMS          the same hashes in sha256sum's format, manifest.json included.

1. Every file is what was packed
     sha256sum -c SHA256SUMS
   Every line must say OK. The exhibits' hashes are also printed, shortened, on their pages.

2. The packet PDF is sealed and unchanged since
     pdfsig ${packet.pdfPath}
   It must report "Signature is Valid" and "Total document signed". By hand with openssl: the
   /ByteRange [a b c d] of the last signature names the signed bytes (a..a+b and c..c+d); the
   hex string between them (/Contents) is the CMS signature, zero-padded.
     head -c $((a+b)) ${packet.pdfPath} > signed.bin; tail -c +$((c+1)) ${packet.pdfPath} | head -c d >> signed.bin
     (put the /Contents hex, without its trailing zero pairs, through xxd -r -p into sig.der)
     openssl cms -verify -binary -inform DER -in sig.der -content signed.bin -CAfile seal-chain.pem -purpose any -out /dev/null
   "Verification successful" means the bytes are those the seal signed.

3. The audit chain is whole
   Each line of audit.jsonl is an event {seq, at, actor, action, subject, details, prevHash, hash}.
   hash = SHA-256 of (prevHash as 64 lowercase hex characters, followed by the RFC 8785 (JCS)
   canonical JSON of the event without "hash"), as one UTF-8 string; the first event's prevHash
   is 64 zeros; each prevHash is the hash of the event before. The last hash must be the head
   in manifest.json (seq ${packet.head.seq}, ${packet.head.hash}).
   With Python 3 (its sorted, compact JSON equals JCS for these events: integers and strings,
   ASCII keys):
     python3 -c '
     import hashlib, json, sys
     prev = "0" * 64
     for n, line in enumerate(open("audit.jsonl", encoding="utf-8"), 1):
         e = json.loads(line); h = e.pop("hash")
         body = json.dumps(e, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
         assert e["seq"] == n and e["prevHash"] == prev, n
         assert hashlib.sha256((prev + body).encode("utf-8")).hexdigest() == h, n
         prev = h
     print("chain valid, head", prev)'
`;
}
