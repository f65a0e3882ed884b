"""Demo content for the ecosystem, beside the documents' own content (which a data migration loads).

``loket demo`` calls ``load_demo``; each part of the ecosystem fills its own function. Everything made here
is marked as demo content, so nobody mistakes it for a fact from the documents.
"""


def load_demo(users):
    """``users``: the demo accounts by e-mail address."""
    demo_agenda(users)
    demo_tracking(users)


def demo_agenda(users):
    """Status updates and reached milestones for a few startcoalities."""


def demo_tracking(users):
    """Learning communities with a survey and answers, a good practice and two Actiescans over time."""
