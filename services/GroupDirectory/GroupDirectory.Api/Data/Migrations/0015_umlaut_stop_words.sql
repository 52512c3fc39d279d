-- German stop words with an umlaut ("für", "über", "während", "können") were no stop words here: unaccent folded them
-- before the stemmer looked them up ("für" became the lexeme 'fur'), so a search for "Gruppe für Angehörige" found
-- only listings that happen to say "für". Stop words are now dropped before unaccent. A stop word keeps its position
-- in a document, so documents built before this differ only by such lexemes, which no query asks for any more.
CREATE TEXT SEARCH DICTIONARY german_stop_words (TEMPLATE = pg_catalog.simple, STOPWORDS = german, ACCEPT = false);
ALTER TEXT SEARCH CONFIGURATION german_folded
    ALTER MAPPING FOR hword, hword_part, word WITH german_stop_words, unaccent, german_stem;
