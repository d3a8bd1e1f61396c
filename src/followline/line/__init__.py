"""The line: a pure rule engine (standard library only, no I/O, ``now`` always a parameter).

Public API::

    from followline.line import judge, load_timeline, get_policy
"""
