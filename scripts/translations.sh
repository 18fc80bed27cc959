#!/usr/bin/env bash
# The interface's catalogs, with pybabel (Babel's command line):
#   scripts/translations.sh extract   the words marked in the code → insightrepo/translations/messages.pot
#   scripts/translations.sh update    the template's new and changed words into every language's .po
#   scripts/translations.sh compile   every .po → .mo (what the app reads; shipped in the wheel)
#   scripts/translations.sh init LANG a new language's .po (then add it to LOCALES in insightrepo/i18n.py)
#   scripts/translations.sh           extract, update and compile
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=${PYBABEL:-$( [ -x .venv/bin/pybabel ] && echo .venv/bin/pybabel || echo pybabel )}
DIR=insightrepo/translations
POT=$DIR/messages.pot

extract() {
  "$PYBABEL" -q extract -F babel.cfg -k lazy_gettext -k _l -k _ -k gettext -k ngettext:1,2 \
    --no-location --sort-output -o "$POT" --project InsightRepo .
}
update() { "$PYBABEL" -q update -i "$POT" -d "$DIR" --no-fuzzy-matching --ignore-obsolete; }
compile() { "$PYBABEL" compile -d "$DIR" --statistics; }

case "${1:-all}" in
  extract) extract ;;
  update) update ;;
  compile) compile ;;
  init) "$PYBABEL" init -i "$POT" -d "$DIR" -l "${2:?a language code, e.g. is}" ;;
  all) extract; update; compile ;;
  *) echo "usage: $0 [extract|update|compile|init LANG]" >&2; exit 2 ;;
esac
