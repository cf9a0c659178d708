"""The packed codec and formats (articles/search/codec.py) hold exactly what Whoosh's own would: every
posting's id, weight, positions and characters, read by Whoosh's matchers and by our block readers alike,
across several segments, deletions, merges and indexes that mix both codecs."""
import random

import pytest
from hypothesis import given, strategies as st
from whoosh import fields, formats, index, query
from whoosh.codec.whoosh3 import W3Codec

from articles.search import postinglists
from articles.search.analysis import NewsAnalyzer
from articles.search.codec import PackedCharacters, PackedCodec, PackedPositions, packed

OCCURRENCES = st.lists(st.tuples(st.integers(0, 2**20), st.integers(0, 2**20), st.integers(0, 50)), max_size=40)


@given(OCCURRENCES)
def test_packed_values_decode_as_whoosh_values_do(occurrences):
    occurrences = sorted({(pos, start, start + size) for pos, start, size in occurrences})
    positions = sorted({pos for pos, _, _ in occurrences})
    for ours, whooshs, value in ((PackedCharacters(), formats.Characters(), occurrences),
                                 (PackedPositions(), formats.Positions(), positions)):
        encoded, reference = ours.encode(value), whooshs.encode(value)
        assert ours.decode_frequency(encoded) == whooshs.decode_frequency(reference) == len(value)
        assert ours.decode_positions(encoded) == whooshs.decode_positions(reference)
        assert ours.decode_weight(encoded) == whooshs.decode_weight(reference)
    assert PackedCharacters().decode_characters(PackedCharacters().encode(occurrences)) == occurrences


WORDS = "harbour strike pier workers minister prime visit port city council press tour".split()


def _schema(packed_formats):
    text = packed if packed_formats else (lambda field: field)
    return fields.Schema(id=fields.ID(stored=True, unique=True),
                         body=text(fields.TEXT(analyzer=NewsAnalyzer(), chars=True)),
                         title=text(fields.TEXT(analyzer=NewsAnalyzer(), field_boost=3.0)))


def _build(path, codecs, packed_formats):
    """An index written in batches, each by the next of ``codecs``, with deletions between them."""
    rng = random.Random(5)
    path.mkdir(exist_ok=True)
    ix = index.create_in(str(path), _schema(packed_formats))
    for batch, codec in enumerate(codecs):
        with ix.writer(codec=codec, merge=False) as writer:
            for number in range(batch * 300, batch * 300 + 300):
                body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 60)))
                writer.add_document(id=str(number), body=body, title=" ".join(rng.sample(WORDS, 3)))
        with ix.writer(codec=codec, merge=False) as writer:
            for number in range(batch * 300, batch * 300 + 300, 7):
                writer.delete_by_term("id", str(number))
    return ix


def _contents(ix):
    """Everything a search reads: each word's live postings with weights and characters, phrase matches."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        postings = {(field, word): [(reader.stored_fields(docnum)["id"], round(weight, 3), value)
                                    for docnum, weight, value in zip(
            *_postings(reader, field, word))] for field in ("body", "title") for word in WORDS}
        phrases = {words: sorted(hit["id"] for hit in searcher.search(query.Phrase("body", words.split()), limit=None))
                   for words in ("prime minister", "press tour visit", "harbour harbour")}
    return postings, phrases


def _stem(word):
    return [token.text for token in NewsAnalyzer()(word)][0]


def _postings(reader, field, word):
    stemmed = _stem(word)
    if (field, stemmed) not in reader:
        return [], [], []
    matcher = reader.postings(field, stemmed)
    kind = "characters" if field == "body" else "positions"
    ids, weights, values = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        values.append(matcher.value_as(kind))
        matcher.next()
    return ids, weights, values


@pytest.mark.parametrize("codecs", [[PackedCodec()] * 3, [W3Codec(), PackedCodec(), W3Codec()]])
def test_packed_codec_indexes_the_same_postings_as_whooshs(tmp_path, codecs):
    reference = _build(tmp_path / "whoosh", [W3Codec()] * 3, packed_formats=False)
    ours = _build(tmp_path / "packed", codecs, packed_formats=True)
    assert len(ours.reader().leaf_readers()) == 3
    assert _contents(ours) == _contents(reference)
    ours.writer(codec=PackedCodec()).commit(optimize=True)  # merged into one segment by the packed codec
    assert len(ours.reader().leaf_readers()) == 1
    assert _contents(ours) == _contents(reference)


@pytest.mark.parametrize("codecs", [[PackedCodec()] * 3, [W3Codec(), PackedCodec(), W3Codec()]])
def test_block_readers_see_what_whooshs_matchers_see(tmp_path, codecs):
    ix = _build(tmp_path, codecs, packed_formats=True)
    decode = ix.schema["body"].format.decode_positions
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for leaf, _ in reader.leaf_readers():
            for word in ("harbour", "minister"):
                ids, weights, values = _postings(leaf, "body", word)
                word = _stem(word)
                found = postinglists.segment_postings(leaf, "body", word)
                assert [docnum for docnum in found.ids.tolist() if not leaf.is_deleted(docnum)] == ids
                alive = [not leaf.is_deleted(docnum) for docnum in found.ids.tolist()]
                assert [round(w, 3) for w, keep in zip(found.weights.tolist(), alive) if keep] == \
                       [round(w, 3) for w in weights]
                docs, positions = postinglists.segment_positions(leaf, "body", word, decode)
                assert {d: positions[docs == d].tolist() for d in ids} == {
                    d: [p for p, _, _ in where] for d, where in zip(ids, values)}
                chosen = ids[::5]
                read = postinglists.values_of(leaf, "body", word, chosen)
                characters = ix.schema["body"].format.decode_characters
                assert {d: characters(v) for d, v in read.items()} == {d: dict(zip(ids, values))[d] for d in chosen}
