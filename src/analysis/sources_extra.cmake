# Extra sources of mtw_analysis (each helper appends its own lines).
# Landscapes, Pareto tools, curvature and task affinity:
list(APPEND MTW_ANALYSIS_EXTRA_SOURCES
    curvature.h
    factored_network_evaluator.h
    landscape_plane.h
    loss_landscape.h
    pareto.h
    plane_evaluator.h
    task_affinity.h
    task_gradient_oracle.h)
# Outcome protocol: delta-m% (both conventions), generalization gap at equal training loss:
list(APPEND MTW_ANALYSIS_EXTRA_SOURCES
    delta_m.cpp delta_m.h
    generalization_gap.cpp generalization_gap.h)
