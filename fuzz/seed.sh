#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with small seed inputs (the corpus folder is not committed).
# Run from anywhere; existing corpus files are kept.
set -euo pipefail
cd "$(dirname "$0")"

seed() { # seed <target> <name> <printf format> [args…]
    local target=$1 name=$2
    shift 2
    mkdir -p "corpus/$target"
    # shellcheck disable=SC2059
    printf "$@" >"corpus/$target/$name"
}

# parse_document: the seed document and every fixture, as files.
mkdir -p corpus/parse_document
cp ../content/27-SecOps_Engineer.md corpus/parse_document/
cp ../tests/fixtures/content/*.md corpus/parse_document/
if [ -d ../tests/fixtures/hostile ]; then cp ../tests/fixtures/hostile/*.md corpus/parse_document/; fi
# …and one under another file name (first byte 0, name length, name, file).
seed parse_document named '\000\0215-Renamed_Role.md---\ntitle: "5. Renamed"\n---\n# Renamed\n\n## Role\n\ntext\n'

# invocation: lines like the terminal's.
i=0
for line in '/career secops' '/career secops certifications' '/career name:secops section:certifications' \
    'career "Sec Ops" private:true mention:<@123456789>' '/search admission controllers career:secops' \
    '/search title:foo' '/search query:"incident response"' '/prompt secops 3 context:"I'"'"'m a sysadmin"' \
    '/prompt topic:SIEM' '/certs career:27 group:entry' '/careers' '/help private:yes' '/reload' \
    "/career 'x y' \"a\\\"b\""; do
    seed invocation "line$i" '%s' "$line"
    i=$((i + 1))
done

# search_query: flags byte (kinds bits 0-3, doc kind bits 4-5, career bits 6-7), limit byte, text.
seed search_query plain '\000\005admission controllers'
seed search_query phrase '\001\012"incident response" kubernetes'
seed search_query typo '\100\003securty incidnet'
seed search_query prompts '\004\144SIEM portfolio'
seed search_query stopwords '\000\001"security as code"'

# paginate: bytes for the Arbitrary input (two budgets, then blocks); any bytes will do.
seed paginate text '\001\002\003\004\000Some text\n```rust\nfn main() {}\n```\n[a link](https://example.com/x) more'
seed paginate code '\377\377\000\000\001**3.**\000code line\nanother\n'

# page_token: tokens made by PageToken::encode (see fuzz_props.rs for how the check is computed).
i=0
for token in 'cb1|abcdef12|1|career|name=secops|section=responsibilities|8a38' \
    'cb1|0a1b2c3d|0|search|query=incident response|career=secops|3de5' \
    'cb1|abcdef12|2|prompt|career=27|number=3|context=100%25 %7C pipes|be04' \
    'cb1|abcdef12|0|careers|12c5'; do
    seed page_token "token$i" '%s' "$token"
    i=$((i + 1))
done
echo "seeded: $(find corpus -type f | wc -l) files"
