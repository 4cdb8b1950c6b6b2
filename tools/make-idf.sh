#!/bin/sh
# tools/make-idf.sh - rebuilds models/idf.model, the story clusterer's prior
# document frequencies (src/group/prior.c), from the SaudiNewsNet days in
# ../shared except the gold day 2015-08-10 (kept out so that the clusterer's
# evaluation does not see its own day's counts).  Numbers only: stems and
# their document counts, no text.
#   sh tools/make-idf.sh [BUILD]      (default BUILD=build; run from the root)
set -e
BUILD=${1:-build}
SHARED=${KH_SHARED:-../shared}
days=$(ls "$SHARED"/corpus/saudinewsnet/*.jsonl.gz | grep -v 2015-08-10)
"$BUILD"/khabar group-idf --out models/idf.model --min-df 3 $days
