"""Everything the course does works with no NLTK data and no network.

The check runs in a fresh interpreter where NLTK's data path points only at an empty folder and
opening any network connection raises, then exercises the whole library: parsing, sentences,
tokens, counts, stemming, keyness (against the other speaker and against general English),
collocations, concordance, every plot, cue finding and the annotation store.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import os, socket, sys, tempfile

    def refuse(*args, **kwargs):
        raise OSError("network blocked by the offline test")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse

    import nltk
    nltk.data.path[:] = [os.environ["NLTK_DATA"]]

    import matplotlib
    matplotlib.use("Agg")

    import closereading as cr
    from closereading import concordance, frequency, plots
    from closereading.annotation.model import AnnotationSet
    from closereading.annotation.taxonomy import find_cues, load_moves

    t = cr.load_interview()
    assert len(t.sentences) == 24 and len(t.words) == 426
    assert frequency.term_counts(t, stopwords=True, stem=True)["sanction"] == 4
    assert frequency.speaker_keyness(t, "Peskov", stopwords=True)
    assert frequency.general_english_keyness(t, stopwords=True)
    frequency.collocations(t, min_freq=2)
    frequency.ngrams(t, n=2)
    assert len(concordance.kwic(t, "sanctions")) == 4
    from closereading.analysis import structure
    for draw in (lambda t: plots.share_of_talk(t.words_by_speaker()),
                 lambda t: plots.top_terms(frequency.term_table(t, stopwords=True)),
                 lambda t: plots.dispersion(structure.dispersion(t, ["sanctions", "we"])),
                 lambda t: plots.keyness_bars(frequency.speaker_keyness(t, "Peskov"))):
        assert plots.describe(draw(t))
    assert find_cues(t)
    notes = AnnotationSet(t, author="offline", moves=load_moves())
    notes.add("hedge", 0 + t.turns[1].start, t.turns[1].start + 8)
    path = os.path.join(tempfile.mkdtemp(), "a.json")
    notes.save(path)
    assert len(AnnotationSet.load(path, t)) == 1
    print("offline ok")
    """
)


def test_library_runs_without_nltk_data_or_network(tmp_path):
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    env = {
        "NLTK_DATA": str(empty),
        "CLOSEREADING_WORK_DIR": str(tmp_path / "work"),
        "PATH": "",
        "HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("offline ok")


def test_no_code_calls_nltk_download():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    offenders = [
        str(p.relative_to(root))
        for folder in ("closereading", "notebooks", "exercises", "benchmarks")
        for p in (root / folder).rglob("*")
        if p.suffix in (".py", ".ipynb") and "nltk.download(" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
