#!/usr/bin/env bash
# Regenerates docs/dialect.md from the ODS definitions (mlir-tblgen -gen-dialect-doc).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
cmake --build "$BUILD" --target docs
{
  echo "<!-- Generated from dialects/Aicc/IR/*.td by scripts/update-dialect-doc.sh; do not edit. -->"
  cat "$BUILD/docs/AiccDialect.md"
} > "$ROOT/docs/dialect.md"
echo "wrote docs/dialect.md"
