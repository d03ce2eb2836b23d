# Extra sources of mtw_analysis (each helper appends its own lines).
# Landscapes, Pareto tools, curvature and task affinity:
list(APPEND MTW_ANALYSIS_EXTRA_SOURCES
    curvature.cpp curvature.h
    factored_network_evaluator.cpp factored_network_evaluator.h
    landscape_plane.cpp landscape_plane.h
    loss_landscape.cpp loss_landscape.h
    network_subset.cpp network_subset.h
    pareto.cpp pareto.h
    plane_evaluator.cpp plane_evaluator.h
    task_affinity.cpp task_affinity.h
    task_gradient_oracle.cpp task_gradient_oracle.h)
# Outcome protocol: delta-m% (both conventions), generalization gap at equal training loss:
list(APPEND MTW_ANALYSIS_EXTRA_SOURCES
    delta_m.cpp delta_m.h
    generalization_gap.cpp generalization_gap.h)
