#!/usr/bin/env bash
# The zvm conformance suite: run every test program under ocamlrun and under
# zvm and check that stdout, stderr and the exit status are identical, that
# ocamlrun still gives the checked-in expected results, and that `zvm dis`
# lists the same opcodes as `ocamldumpobj`.  See README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: run.sh [--keep] ZVM_BINARY [TEST...]
       run.sh --update-expected [--keep] [ZVM_BINARY] [TEST...]
       run.sh --ocamlrun-only [--keep] [TEST...]

  ZVM_BINARY         the zvm executable to test (a path, e.g. ./zvm)
  TEST               test names (default: all); NAME.ml or directory NAME/
  --update-expected  regenerate expected/NAME.{out,err,status} from ocamlrun
                     (the zvm half runs too when ZVM_BINARY is given)
  --ocamlrun-only    only run the ocamlrun half and check it against the
                     expected files (no zvm needed)
  --keep             keep the temporary directory and print its path

environment:
  CONFORMANCE_OPTIONAL=1   exit 0 (skipping) when OCaml 4.13 is not installed
  CONFORMANCE_TIMEOUT=N    seconds allowed for each program run (default 60)
EOF
}

suite=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
expected_dir=$suite/expected

update=0 keep=0 ref_only=0
while (($#)); do
  case $1 in
    --update-expected) update=1 ;;
    --ocamlrun-only) ref_only=1 ;;
    --keep) keep=1 ;;
    -h | --help) usage; exit 0 ;;
    --) shift; break ;;
    -*) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) break ;;
  esac
  shift
done

zvm=""
if ((ref_only)); then
  :
elif ((update)); then
  # Optional: a first argument that is a path names the zvm binary.
  if (($#)) && [[ $1 == */* ]]; then zvm=$1; shift; fi
else
  if ((!$#)); then usage >&2; exit 2; fi
  zvm=$1; shift
fi
if [[ -n $zvm ]]; then
  if [[ ! -x $zvm || -d $zvm ]]; then
    echo "run.sh: $zvm is not an executable file" >&2
    exit 2
  fi
  zvm=$(cd "$(dirname "$zvm")" && pwd)/$(basename "$zvm")
fi

# ---- The OCaml toolchain ---------------------------------------------------

no_toolchain() {
  if [[ ${CONFORMANCE_OPTIONAL:-} == 1 ]]; then
    echo "conformance: $1; skipping the suite (CONFORMANCE_OPTIONAL=1)"
    exit 0
  fi
  echo "conformance: $1; the suite needs OCaml 4.13 (ocamlc, ocamlrun," \
    "ocamldumpobj). Set CONFORMANCE_OPTIONAL=1 to skip it instead." >&2
  exit 1
}
for tool in ocamlc ocamlrun ocamldumpobj; do
  command -v "$tool" >/dev/null 2>&1 || no_toolchain "$tool not found"
done
ocaml_version=$(ocamlc -version)
case $ocaml_version in
  4.13.*) ;;
  *) no_toolchain "ocamlc is version $ocaml_version, not 4.13" ;;
esac

# ---- The tests ---------------------------------------------------------------

# A test is either NAME.ml (plus prelude.ml when it mentions Prelude), or a
# directory NAME/ with a file ORDER listing its modules in dependency order,
# the main program last.  NAME.args (one argument a line) and NAME.stdin are
# optional, beside NAME.ml or NAME/.
all_tests() {
  local f
  for f in "$suite"/*.ml "$suite"/*/ORDER; do
    [[ -e $f ]] || continue
    case $f in
      "$suite"/prelude.ml) ;;
      */ORDER) basename "$(dirname "$f")" ;;
      *) basename "$f" .ml ;;
    esac
  done | sort
}

if (($#)); then
  tests=("$@")
else
  mapfile -t tests < <(all_tests)
fi

# The files (.ml and .mli, relative names) making up test $1, in order.
test_files() {
  local name=$1 line
  if [[ -f $suite/$name/ORDER ]]; then
    while IFS= read -r line || [[ -n $line ]]; do
      line=${line%%#*}
      line=${line//[[:space:]]/}
      if [[ -n $line ]]; then echo "$line"; fi
    done <"$suite/$name/ORDER"
  else
    if grep -qw Prelude "$suite/$name.ml"; then echo prelude.ml; fi
    echo "$name.ml"
  fi
}

# Copy test $1's sources into directory $2.
copy_sources() {
  local name=$1 dest=$2
  mkdir -p "$dest"
  if [[ -d $suite/$name ]]; then
    cp "$suite/$name"/*.ml* "$dest"/
  else
    cp "$suite/$name.ml" "$dest"/
    cp "$suite/prelude.ml" "$dest"/
  fi
}

# ---- Running programs ----------------------------------------------------------

timeout_s=${CONFORMANCE_TIMEOUT:-60}
if command -v timeout >/dev/null 2>&1; then
  limit=(timeout -k 5 "$timeout_s")
else
  limit=()
fi
# Both runners get the same small, fixed environment: nothing that changes
# ocamlrun's behaviour (OCAMLRUNPARAM) leaks in, and the getenv test has a
# variable to find.
run_env=(env -i "PATH=$PATH" LC_ALL=C
  "CONFORMANCE_GREETING=hello from the environment"
  "CONFORMANCE_EMPTY=")

# run_program DIR STDIN OUTPREFIX CMD...: run CMD in DIR with the test's
# arguments appended; write OUTPREFIX.{out,err,status}.
run_program() {
  local dir=$1 input=$2 out=$3 status=0
  shift 3
  # (The subshell's own stderr gets the shell's "Segmentation fault" notes.)
  (cd "$dir" && "${limit[@]}" "${run_env[@]}" "$@" \
    "${test_args[@]+"${test_args[@]}"}" <"$input" >"$out.out" 2>"$out.err") \
    2>"$out.shell" || status=$?
  echo "$status" >"$out.status"
}

# ---- Opcode sequences ----------------------------------------------------------

# `ocamldumpobj X.cmo` prints instructions as "<pc>  NAME operands"; SWITCH
# tables ("int 0 -> 12", "tag 1 -> 40"), debug events ("M, char 12:") and
# the banner lines are not instructions.  Output: "pc NAME" lines.
ocaml_opcodes() {
  ocamldumpobj "$1" | sed -n -E 's/^ *([0-9]+)  +([A-Z][A-Z0-9_]*).*/\1 \2/p'
}

# `zvm dis X.zbc` prints an instruction as TAB NAME operands, possibly after
# a label ("L12:\tACC0"); label-only lines and directives (".foo") are not
# instructions.  Output: "- NAME" lines.
zvm_opcodes() {
  "$zvm" dis "$1" | awk '
    /^[ \t]*$/ || /^\./ { next }
    { sub(/^[A-Za-z_][A-Za-z0-9_]*:/, "") }
    /^[ \t]/ {
      tok = $1
      if (tok ~ /^[A-Z][A-Z0-9_]*$/ && tok !~ /^L[0-9]+$/) print "-", tok
    }'
}

# compare_opcodes REF ZVM: empty output if the name sequences agree, else a
# description of the first difference.
compare_opcodes() {
  awk '
    NR == FNR { pc[NR] = $1; ref[NR] = $2; nref = NR; next }
    { zvm[FNR] = $2; nzvm = FNR }
    END {
      n = nref > nzvm ? nref : nzvm
      for (i = 1; i <= n; i++) {
        a = i <= nref ? ref[i] : "(end of code)"
        b = i <= nzvm ? zvm[i] : "(end of code)"
        if (a != b) {
          where = i <= nref ? " (ocamlc pc " pc[i] ")" : ""
          printf "opcode sequences differ at position %d%s: ocamlc %s, zvm %s\n",
            i - 1, where, a, b
          exit
        }
      }
    }' "$1" "$2"
}

# ---- Reporting -------------------------------------------------------------------

problems=()
details=""

problem() { problems+=("$1"); }

# add_diff LABEL_A FILE_A LABEL_B FILE_B: append the start of a unified diff.
add_diff() {
  local d
  d=$(diff -u --label "$1" --label "$3" "$2" "$4" || true)
  details+=$(printf '%s\n' "$d" | head -n 16 | sed 's/^/    /')$'\n'
}

# check_expected NAME: ocamlrun's results against expected/NAME.*, to
# detect drift of the reference itself.
check_expected() {
  local name=$1 exp=$expected_dir/$1 got=$work/ocamlrun stream
  for stream in out err; do
    if ! cmp -s "$exp.$stream" "$got.$stream"; then
      problem "ocamlrun's std$stream differs from expected/$name.$stream (drift?)"
      add_diff "expected/$name.$stream" "$exp.$stream" "ocamlrun std$stream" "$got.$stream"
    fi
  done
  if ! cmp -s "$exp.status" "$got.status"; then
    problem "ocamlrun exited with $(<"$got.status"), expected/$name.status says $(<"$exp.status")"
  fi
}

# check_zvm: zvm's results against ocamlrun's.
check_zvm() {
  local ref=$work/ocamlrun got=$work/zvm stream
  if [[ $(<"$got.status") == 124 ]]; then
    problem "zvm timed out after ${timeout_s}s"
    return
  fi
  for stream in out err; do
    if ! cmp -s "$ref.$stream" "$got.$stream"; then
      problem "std$stream differs (ocamlrun vs zvm)"
      add_diff "ocamlrun std$stream" "$ref.$stream" "zvm std$stream" "$got.$stream"
    fi
  done
  if ! cmp -s "$ref.status" "$got.status"; then
    problem "exit status differs: ocamlrun $(status_text "$ref.status"), zvm $(status_text "$got.status")"
  fi
}

# An exit status, with the signal for statuses above 128 (a crash).
status_text() {
  local st
  st=$(<"$1")
  if ((st > 128 && st < 160)); then echo "$st (signal $((st - 128)))"; else echo "$st"; fi
}

# The gist of a tool's error output: its first line, plus the first line
# that says what is wrong when there is one (OCaml diagnostics put it after
# the source excerpt).
first_lines() {
  { head -n 1 "$1"; grep -m 1 -E '^(Error|Warning|Fatal error)' "$1" || true; } |
    awk '!seen[$0]++' | tr '\n' ' ' | sed 's/ *$//' | cut -c1-240
}

# ---- One test ----------------------------------------------------------------------

run_test() {
  local name=$1
  work=$2
  local rdir=$work/ref zdir=$work/zvm input f m main="" files=() cmos=() mls=()
  problems=()
  details=""

  if [[ ! -f $suite/$name.ml && ! -f $suite/$name/ORDER ]]; then
    problem "no such test ($name.ml or $name/ORDER)"
    return
  fi
  mapfile -t files < <(test_files "$name")
  for f in "${files[@]}"; do
    case $f in
      *.ml) mls+=("$f"); main=${f%.ml} ;;
      *.mli) ;;
      *) problem "ORDER lists $f, which is neither .ml nor .mli"; return ;;
    esac
  done
  if [[ -z $main ]]; then problem "no .ml module"; return; fi
  test_args=()
  if [[ -f $suite/$name.args ]]; then mapfile -t test_args <"$suite/$name.args"; fi
  input=/dev/null
  if [[ -f $suite/$name.stdin ]]; then input=$suite/$name.stdin; fi

  # The reference: ocamlc, then ocamlrun.
  copy_sources "$name" "$rdir"
  for f in "${files[@]}"; do
    if ! (cd "$rdir" && ocamlc -nopervasives -c "$f") >"$rdir/$f.log" 2>&1; then
      problem "ocamlc failed on $f: $(first_lines "$rdir/$f.log")"
      return
    fi
    if [[ -s $rdir/$f.log ]]; then
      # Warnings would end up in the -dinstr listing of the zvm half.
      problem "ocamlc printed diagnostics for $f: $(first_lines "$rdir/$f.log")"
      return
    fi
    if [[ $f == *.ml ]]; then cmos+=("${f%.ml}.cmo"); fi
  done
  if ! (cd "$rdir" && ocamlc "${cmos[@]}" -o prog.byte) >"$rdir/link.log" 2>&1; then
    problem "ocamlc could not link: $(first_lines "$rdir/link.log")"
    return
  fi
  run_program "$rdir" "$input" "$work/ocamlrun" ocamlrun prog.byte
  if [[ $(<"$work/ocamlrun.status") == 124 ]]; then
    problem "ocamlrun timed out after ${timeout_s}s"
    return
  fi

  if ((update)); then
    cp "$work/ocamlrun.out" "$expected_dir/$name.out"
    cp "$work/ocamlrun.err" "$expected_dir/$name.err"
    cp "$work/ocamlrun.status" "$expected_dir/$name.status"
  elif [[ -f $expected_dir/$name.out && -f $expected_dir/$name.err &&
          -f $expected_dir/$name.status ]]; then
    check_expected "$name"
  else
    problem "no expected results (run.sh --update-expected $name)"
  fi

  [[ -n $zvm ]] || return 0

  # The zvm way: a -dinstr listing of every module, assembled in order.
  copy_sources "$name" "$zdir"
  for f in "${files[@]}"; do
    m=${f%.ml}
    if [[ $f == *.mli ]]; then
      (cd "$zdir" && ocamlc -nopervasives -c "$f") >/dev/null 2>&1 || {
        problem "ocamlc failed on $f"; return; }
      continue
    fi
    if ! (cd "$zdir" && ocamlc -nopervasives -dinstr -c "$f" 2>"$m.zs"); then
      problem "ocamlc -dinstr failed on $f"
      return
    fi
    if ! (cd "$zdir" && "$zvm" asm -I . "$m.zs" -o "$m.zbc") >"$zdir/$m.asm.log" 2>&1; then
      problem "zvm asm failed on $m.zs: $(first_lines "$zdir/$m.asm.log")"
      return
    fi
  done
  run_program "$zdir" "$input" "$work/zvm" "$zvm" run "$main.zbc"
  check_zvm

  # The same opcodes, module by module.
  local diffmsg where
  for f in "${mls[@]}"; do
    m=${f%.ml}
    where=""
    if ((${#mls[@]} > 1)); then where=" (in $f)"; fi
    ocaml_opcodes "$rdir/$m.cmo" >"$work/$m.ocamlc.ops"
    if ! zvm_opcodes "$zdir/$m.zbc" >"$work/$m.zvm.ops" 2>"$work/$m.dis.log"; then
      problem "zvm dis failed on $m.zbc$where: $(first_lines "$work/$m.dis.log")"
      continue
    fi
    if [[ ! -s $work/$m.ocamlc.ops ]]; then
      problem "no instructions found in ocamldumpobj's output for $m.cmo"
      continue
    fi
    diffmsg=$(compare_opcodes "$work/$m.ocamlc.ops" "$work/$m.zvm.ops")
    [[ -z $diffmsg ]] || problem "$diffmsg$where"
  done
}

# ---- Main ----------------------------------------------------------------------------

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zvm-conformance.XXXXXX")
if ((keep)); then
  echo "conformance: keeping $tmp"
else
  trap 'rm -rf "$tmp"' EXIT
fi
if ((update)); then mkdir -p "$expected_dir"; fi

passed=0 failed=0
for name in "${tests[@]}"; do
  name=${name%/}
  name=${name%.ml}
  mkdir -p "$tmp/$name"
  run_test "$name" "$tmp/$name"
  if ((${#problems[@]} == 0)); then
    if ((update)); then echo "ok $name (expected results updated)"; else echo "ok $name"; fi
    passed=$((passed + 1))
  else
    msg=${problems[0]}
    for p in "${problems[@]:1}"; do msg+="; $p"; done
    echo "FAIL $name: $msg"
    [[ -z $details ]] || printf '%s' "$details"
    failed=$((failed + 1))
  fi
done

echo "conformance: $passed passed, $failed failed"
((failed == 0))
