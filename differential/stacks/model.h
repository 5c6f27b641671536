#ifndef WC_MODEL_SUT_H
#define WC_MODEL_SUT_H

/*
 * The TCP reference model (models/tcp/, ENDPOINT mode) behind the wc_sut
 * interface: "model". The design (descriptors, call mapping, errno
 * mapping, profile) is described at the top of differential/stacks/model.c.
 * Always available; deterministic (virtual time, ISS from the profile or
 * cfg.seed).
 */

#include "../sut.h"

extern const wc_sut_ops wc_sut_model;

#endif
