"""wirecheck findings pipeline (Python 3 standard library only).

Modules, one topic each:
  atomic     write-then-rename file output with clear disk-full messages
  repo       repository root, target list (from the Makefile), tool paths
  record     the plain-text finding record: strict parser and formatter
  deadline   the 90-day disclosure clock
  store      private (embargoed) and public finding stores, id allocation
  signature  crash state (ClusterFuzz-style) from sanitizer / check output
  repro      running a reproducer through the replay driver or fuzz binary
  pcapconv   writing a reproducer as a pcap for humans
  advisory   advisory text and OSV JSON for disclosure
  expect     regression sidecar (.expect) parser
"""


class WcError(Exception):
    """A user-facing error: printed as one line, exit status 1."""
