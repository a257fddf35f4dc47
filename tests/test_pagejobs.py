"""pagejobs: pages go to workers in batches that keep to one language, and every page is in
exactly one batch, made or kept."""
from __future__ import annotations

import pickle

from sitegen.pagejobs import DataJob, PageBatch, data_jobs, page_jobs
from sitegen.urls import PagePlan


def test_every_page_is_in_one_batch_of_its_language_made_or_kept():
    plans = [PagePlan(f"{'en' if i % 3 else 'id'}/p{i}/", None) for i in range(200)]
    made, kept = list(range(0, 200, 2)), list(range(1, 200, 2))
    jobs = page_jobs(made, kept, plans, lambda i: plans[i].path[:2], batch=8)
    assert sorted(i for _, job in jobs for i in job.made) == made
    assert sorted(rel for _, job in jobs for rel in job.kept) == sorted(f"{plans[i].path}index.html" for i in kept)
    for lang, job in jobs:
        assert {plans[i].path[:2] for i in job.made} <= {lang} and all(rel.startswith(lang) for rel in job.kept)
        assert len(job.made) <= 8 and job.size == len(job.made) + len(job.kept)


def test_jobs_are_small_when_pickled():
    jobs = [*data_jobs(("id", "en")), PageBatch(tuple(range(24)), ("en/a/index.html",), 25)]
    assert all(len(pickle.dumps(job)) < 400 for job in jobs)
    assert pickle.loads(pickle.dumps(DataJob("exports", "en"))) == DataJob("exports", "en")
