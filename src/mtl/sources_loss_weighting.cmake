set(MTW_MTL_LOSS_WEIGHTING_SOURCES
    dual_balancing.cpp dual_balancing.h
    dynamic_weight_average.cpp dynamic_weight_average.h
    ema_loss_weighting.cpp ema_loss_weighting.h
    excess_mtl.cpp excess_mtl.h
    famo.cpp famo.h
    geometric_loss_strategy.cpp geometric_loss_strategy.h
    grad_norm.cpp grad_norm.h
    gradient_norm_scaling.cpp gradient_norm_scaling.h
    hybrid_imtl.cpp hybrid_imtl.h
    imtl_loss.cpp imtl_loss.h
    loss_weighting_methods.cpp
    method_state_io.h
    parameter_adam.cpp parameter_adam.h
    smooth_tchebycheff.cpp smooth_tchebycheff.h
    uncertainty_weighting.cpp uncertainty_weighting.h)
