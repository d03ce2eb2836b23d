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
