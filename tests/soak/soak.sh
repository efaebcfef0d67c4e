#!/usr/bin/env bash
# Soak test: orders through the reference flow while server processes and the SMTP server are SIGKILLed and restarted,
# then invariant checks (see soak.py). Loopback only; bounded by --minutes and --orders.
#   tests/soak/soak.sh --minutes 5 --orders 500 --processes 3 --provider postgres
# Builds OmsFlow.Server (Release) unless --server-dll is given. Needs Debian's python3 with python3-aiosmtpd, and for
# --provider postgres the postgresql-15 binaries (both installed by .ci/run).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
for arg in "$@"; do
  if [ "$arg" = "--server-dll" ] || [[ "$arg" == --server-dll=* ]]; then
    exec /usr/bin/python3 "$here/soak.py" "$@"
  fi
done
out="$repo/engine/OmsFlow.Server/bin/Release/net10.0"
dotnet build "$repo/engine/OmsFlow.Server" -c Release --nologo -v q >&2
exec /usr/bin/python3 "$here/soak.py" --server-dll "$out/OmsFlow.Server.dll" "$@"
