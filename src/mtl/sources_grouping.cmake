# Task grouping (selective group updates): the proximal affinity and its clustering solver.
set(MTW_MTL_GROUPING_SOURCES
    proximal_affinity.cpp proximal_affinity.h
    solvers/affinity_propagation.cpp solvers/affinity_propagation.h)
