/*
 * The SUTs compiled into the differential engine, in the order reports
 * list them: the reference model first (the expectation), then lwIP as
 * Debian ships it, the instrumented lwIP build, and the running kernel.
 * The lwIP entry that does not match the lwIP this binary links answers
 * open() with WC_ESUT_SKIP (differential/stacks/lwip.h).
 */
#include <string.h>

#include "../sut.h"
#include "lwip.h"
#include "model.h"

const wc_sut_ops *const wc_sut_all[] = {
	&wc_sut_model,
	&wc_sut_lwip,
	&wc_sut_lwip_inst,
	&wc_sut_linux,
	NULL,
};

const wc_sut_ops *wc_sut_find(const char *name)
{
	if (!name)
		return NULL;
	for (int i = 0; wc_sut_all[i]; i++)
		if (strcmp(wc_sut_all[i]->name, name) == 0)
			return wc_sut_all[i];
	return NULL;
}

void wc_sut_config_default(wc_sut_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->ipv6 = 0;
	cfg->timestamps = -1;
	cfg->sack = -1;
	cfg->window_scaling = -1;
	cfg->ecn = -1;
	cfg->syncookies = -1;
	cfg->rfc1337 = -1;
	cfg->mss = -1;
	cfg->seed = 0;
}
