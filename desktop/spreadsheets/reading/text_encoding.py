"""Which Windows code page a text export that is not UTF-8 was written in, judged from the letters it spells.

Ministries export CSV in their system's code page: cp1252 in western Europe and North America,
cp1250 in central Europe, cp1251 for Cyrillic, cp1253 for Greek, cp1254 for Turkish. Every byte
decodes under most of them, so each candidate is read and scored: a real text keeps its accented
letters within one language's alphabet, in one script and in a plausible case, and names allies
the planner knows ("Česko" read as cp1252 is "Èesko", which nobody writes).
"""

import re

from desktop.spreadsheets.reading.ally_names import ally_iso3

FALLBACK = "cp1252"
# Tried in this order; a tie goes to the earlier one (cp1252 was the only guess before).
CANDIDATES = ("cp1252", "cp1250", "cp1254", "cp1251", "cp1253")

# Letters beyond ASCII that each language uses, grouped by the code page that serves it.
_ALPHABETS = {
    # French, German, Spanish, Portuguese, Italian, Nordic, Icelandic, Albanian, Estonian.
    "cp1252": ("àâæçéèêëîïôœùûüÿ", "äöüß", "áéíñóúü", "àáâãçéêíóôõú", "àèéìíîòóù", "åäöæøé",
               "áðéíóúýþæö", "çë", "äöõüšž"),
    # Czech, Slovak, Polish, Hungarian, Slovene and Croatian, Romanian, Albanian, German.
    "cp1250": ("áčďéěíňóřšťúůýž", "áäčďéíĺľňóôŕšťúýž", "ąćęłńóśźż", "áéíóöőúüű", "čćđšž", "ăâîşţ",
               "çë", "äöüß"),
    "cp1254": ("çğıöşüâîû",),
    "cp1251": ("абвгдеёжзийклмнопрстуфхцчшщъыьэюяђѓєѕіїјљњћќўџґ",),
    # Without ΰ and ΐ, which Greek text hardly ever holds but Cyrillic "а" and "Р" turn into.
    "cp1253": ("αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋ",),
}
_LETTER_SETS = {
    encoding: tuple(frozenset(letters + letters.upper() + ("İ" if "ı" in letters else "")) for letters in groups)
    for encoding, groups in _ALPHABETS.items()
}
_WORD = re.compile(r"[^\W\d_]+")
_FIELD_SEPARATORS = re.compile(r"[,;\t|\r\n\"]+")


def guess_code_page(sample: bytes) -> str:
    """The most plausible of CANDIDATES for bytes that are not UTF-8; FALLBACK when nothing decodes better."""
    best, best_score = FALLBACK, None
    for encoding in CANDIDATES:
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:  # a byte this code page leaves undefined: not this one
            continue
        score = _plausibility(text, encoding)
        if best_score is None or score > best_score:
            best, best_score = encoding, score
    return best


def _plausibility(text: str, encoding: str) -> int:
    """Letters that fit the code page's best-fitting language, less misfits, odd case and mixed scripts; plus names."""
    letters = [ch for ch in text if ord(ch) > 127 and ch.isalpha()]
    if not letters:
        return 0
    fitting = max(sum(ch in alphabet for ch in letters) for alphabet in _LETTER_SETS[encoding])
    score = 2 * fitting - len(letters)
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        score -= 2 * _odd_case(word) + 2 * _mixed_scripts(word)
    return score + 3 * _known_names(text)


def _odd_case(word: str) -> int:
    """Capitals after small letters inside a word beyond ASCII ("ЕллЬдб", Greek read as Cyrillic)."""
    return sum(1 for before, ch in zip(word, word[1:]) if ord(ch) > 127 and ch.isupper() and before.islower())


def _mixed_scripts(word: str) -> bool:
    """Latin letters beside Cyrillic or Greek ones in one word ("StraЯe", German read as Cyrillic)."""
    scripts = {"latin" if ord(ch) < 0x250 else "other" for ch in word}
    return len(scripts) > 1


def _known_names(text: str) -> int:
    """Fields that name an ally with letters beyond ASCII ("Česko", "Grèce")."""
    return sum(1 for field in _FIELD_SEPARATORS.split(text)
               if not field.isascii() and ally_iso3(field.strip()) is not None)
