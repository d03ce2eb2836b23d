set(MTW_MTL_AGGREGATION_SOURCES
    aggregation_methods.cpp
    cagrad.cpp cagrad.h
    dual_proj.cpp dual_proj.h
    imtl_g.cpp imtl_g.h
    mgda.cpp mgda.h
    nash_mtl.cpp nash_mtl.h
    pcgrad.cpp pcgrad.h
    upgrad.cpp upgrad.h
    solvers/cagrad_solver.cpp solvers/cagrad_solver.h
    solvers/dual_cone_projection.cpp solvers/dual_cone_projection.h
    solvers/min_norm_solver.cpp solvers/min_norm_solver.h
    solvers/nash_solver.cpp solvers/nash_solver.h
    solvers/nonnegative_qp.cpp solvers/nonnegative_qp.h)
