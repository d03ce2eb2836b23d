set(MTW_MTL_EXTENDED_AGGREGATION_SOURCES
    extended_aggregation_methods.cpp
    aligned_mtl.cpp aligned_mtl.h
    con_fig.cpp con_fig.h
    fair_grad.cpp fair_grad.h
    grad_drop.cpp grad_drop.h
    grad_vac.cpp grad_vac.h
    krum.cpp krum.h
    moco.cpp moco.h
    sdm_grad.cpp sdm_grad.h
    trimmed_mean.cpp trimmed_mean.h
    solvers/simplex_projection.cpp solvers/simplex_projection.h)
