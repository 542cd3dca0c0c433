"""Measure the pipeline's memory on its heaviest batches: every piece as long as a piece can be.

Long texts go through the model in pieces of at most ``MAX_PIECE`` characters,
``batch_size`` pieces at a time, so the most memory a batch can take is that of
``batch_size`` full-length pieces. This script cuts Tehran Times articles (from
the shared corpora) into pieces, keeps only pieces within 200 characters of the
limit, and runs them through ``extract_entities`` in one process, as a worker
would. It prints the resident memory after loading the pipeline, then after
every ``--every`` pieces the resident memory and the peak so far (sampled every
20 ms): the peak's rise over the loaded pipeline is the most a batch adds to a
worker, whatever the corpus's size.

Usage::

    python benchmarks/bench_batch_memory.py [--pieces 1280] [--batch-size 64] [--every 128]
"""

from __future__ import annotations

import argparse
import threading
import time

import psutil
from scale_corpus import tehran_times_articles

from analysis.entities.extract import MAX_PIECE, extract_entities, text_pieces
from analysis.entities.model import load_pipeline


class PeakSampler:
    """The process's peak resident memory, sampled in a background thread."""

    def __init__(self, interval: float = 0.02) -> None:
        self.process = psutil.Process()
        self.peak = 0
        self._interval = interval
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(self._interval)

    def line(self, label: str) -> str:
        """The resident memory now and the peak so far, in MB, after ``label``."""
        return f"{label:>24}  {self.process.memory_info().rss / 1e6:6.0f} MB now  {self.peak / 1e6:6.0f} MB peak"


def full_pieces(count: int) -> list[str]:
    """The first ``count`` pieces of Tehran Times articles within 200 characters of ``MAX_PIECE``."""
    pieces: list[str] = []
    for _, _, paragraphs in tehran_times_articles():
        pieces += [piece for _, piece in text_pieces("\n\n".join(paragraphs)) if len(piece) > MAX_PIECE - 200]
        if len(pieces) >= count:
            return pieces[:count]
    raise SystemExit(f"only {len(pieces)} full-length pieces in the Tehran Times corpus; ask for fewer")


def main() -> None:
    """Run the heaviest batches and print the memory as they go."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pieces", type=int, default=1280)
    parser.add_argument("--batch-size", type=int, default=64, help="pieces per spaCy batch (the stage uses 64)")
    parser.add_argument("--every", type=int, default=128, help="print a line every this many pieces")
    arguments = parser.parse_args()
    pieces = full_pieces(arguments.pieces)
    print(f"{len(pieces):,} pieces of {sum(map(len, pieces)) / len(pieces):,.0f} characters on average "
          f"(limit {MAX_PIECE:,}), batch size {arguments.batch_size}")
    sampler = PeakSampler()
    nlp = load_pipeline()
    time.sleep(0.1)
    loaded = sampler.peak
    print(sampler.line("pipeline loaded"))
    for start in range(0, len(pieces), arguments.every):
        extract_entities(pieces[start:start + arguments.every], nlp=nlp, batch_size=arguments.batch_size)
        print(sampler.line(f"{start + arguments.every:,} pieces"), flush=True)
    print(f"a batch adds at most {(sampler.peak - loaded) / 1e6:.0f} MB to the loaded pipeline")


if __name__ == "__main__":
    main()
