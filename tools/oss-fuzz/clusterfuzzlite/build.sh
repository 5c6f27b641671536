#!/bin/bash -eu
# ClusterFuzzLite build: the same script OSS-Fuzz runs.
exec bash "$SRC/wirecheck/tools/oss-fuzz/build.sh"
