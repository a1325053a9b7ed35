# A file that cannot be parsed is reported as an error and does not hide the findings
# of other files; the exit status follows the findings only.
. "$SOURCE_DIR/tests/cli/helpers.inc"
TREE="$DATA/trees/parse-error"   # app/client.py: SL501 line 5; deploy/broken.yaml: `key: [unclosed`

run "$TREE"
expect_status 0
expect_err_empty
expect_out_has "app/client.py:5:12: MEDIUM SL501 "
expect_out_has "deploy/broken.yaml:2:1: error[parse]: did not find expected ',' or ']'"
expect_out_has "Found 1 finding (0 high, 1 medium, 0 low, 0 info) in 1 file scanned; 1 error."

run --fail-on medium "$TREE"
expect_status 1
expect_out_has "app/client.py:5:12: MEDIUM SL501 "

run --format json "$TREE"
expect_status 0
expect_out_has '"path":	"deploy/broken.yaml",'
expect_out_has '"kind":	"parse",'
expect_out_has '"errors":	1,'

# The broken file alone: an error, no finding, exit 0 whatever --fail-on says.
mkdir -p "$SCRATCH/only-broken"
cp "$TREE/deploy/broken.yaml" "$SCRATCH/only-broken/"
run --fail-on info "$SCRATCH/only-broken"
expect_status 0
expect_out_has "broken.yaml"

# A bad line in a manifest (a redacted secret read as a YAML alias) is reported, and the
# rest of the manifest is still checked: the image after it is flagged.
mkdir -p "$SCRATCH/redacted"
printf '%s\n' \
  'apiVersion: apps/v1' \
  'kind: Deployment' \
  'spec:' \
  '  template:' \
  '    spec:' \
  '      containers:' \
  '        - name: api' \
  '          env:' \
  '            - name: API_KEY' \
  '              value: ********' \
  '          image: acme/api:latest' > "$SCRATCH/redacted/deployment.yaml"
run "$SCRATCH/redacted"
expect_status 1
expect_out_has "deployment.yaml:10:23: error[parse]: did not find expected alphabetic or numeric character (while scanning an alias); the rest of the file is checked without 1 line"
expect_out_has "deployment.yaml:11:11: HIGH SL151 image \`acme/api:latest\` is not pinned"

finish
