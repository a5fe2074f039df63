/*
 * The region images of isolation boundaries (arch/pmsav8/), alone: the
 * register encodings, and which regions each kind of boundary gets at each
 * level, decided by the host's MPU model over the image. Links pmsav8.c
 * and the MPU model.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "mpu.h"
#include "pmsav8.h"

static const struct pmsav8_layout layout = {
        .code = {0x10000000u, 0x1000FFFFu},
        .secure = {0x38000000u, 0x3801FFFFu},
        .app = {0x38008000u, 0x3800FFFFu},
        .own = {0x3800A000u, 0x3800BFFFu},
};

/** The MPU model with @image programmed (background map for privileged). */
static struct mpu load(const struct pmsav8_image *image)
{
	struct mpu mpu;

	assert_int_equal(mpu_init(&mpu, 16), 0);
	for (unsigned n = 0; n < image->n; n++) {
		assert_int_equal(
		        mpu_region_set(&mpu, n, image->rbar[n], image->rlar[n]),
		        0);
	}
	mpu_set_ctrl(&mpu, MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA);
	return mpu;
}

/** May unprivileged code make @kind at @addr under @image? */
static bool unpriv(const struct pmsav8_image *image, uint32_t addr,
                   enum mpu_access_kind kind)
{
	struct mpu mpu = load(image);

	return mpu_access(&mpu, addr, kind, false).fault == MPU_FAULT_NONE;
}

static void test_encodings(void **state)
{
	(void)state;
	/* BASE, SH 0, AP read-only any, XN clear; LIMIT, AttrIndx 1, EN. */
	assert_int_equal(pmsav8_rbar(0x10000040u, 0, PMSAV8_AP_RO_ANY, false),
	                 0x10000046u);
	assert_int_equal(pmsav8_rbar(0x1000005Fu, 0, PMSAV8_AP_RW_PRIV, true),
	                 0x10000041u);
	assert_int_equal(pmsav8_rlar(0x1000FFFFu, 1, true), 0x1000FFE3u);
	assert_int_equal(pmsav8_sau_rbar(0x00200010u), 0x00200000u);
	assert_int_equal(pmsav8_sau_rlar(0x101FFFFFu, true, true), 0x101FFFE3u);
	assert_int_equal(pmsav8_sau_rlar(0x283FFFFFu, false, true),
	                 0x283FFFE1u);
}

static void test_privileged_boundary(void **state)
{
	struct pmsav8_image image;

	(void)state;
	assert_int_equal(
	        pmsav8_boundary_image(&layout, 2, true, NULL, 0, 8, &image), 0);
	assert_int_equal(image.n, 2);
	/* Secure RAM is privileged only and never executable. */
	assert_false(unpriv(&image, 0x38000000u, MPU_ACCESS_READ));
	assert_true(unpriv(&image, 0x10000000u, MPU_ACCESS_EXECUTE));
	assert_false(unpriv(&image, 0x10000000u, MPU_ACCESS_WRITE));
}

static void test_level2_all_app_rot(void **state)
{
	struct pmsav8_image image;

	(void)state;
	assert_int_equal(
	        pmsav8_boundary_image(&layout, 2, false, NULL, 0, 8, &image),
	        0);
	assert_true(unpriv(&image, 0x38008000u, MPU_ACCESS_WRITE));
	assert_true(unpriv(&image, 0x3800FFFFu, MPU_ACCESS_WRITE));
	assert_false(unpriv(&image, 0x38007FFFu, MPU_ACCESS_READ));
	assert_false(unpriv(&image, 0x38008000u, MPU_ACCESS_EXECUTE));
}

static void test_level3_own_only(void **state)
{
	struct pmsav8_image image;

	(void)state;
	assert_int_equal(
	        pmsav8_boundary_image(&layout, 3, false, NULL, 0, 8, &image),
	        0);
	assert_true(unpriv(&image, 0x3800A000u, MPU_ACCESS_WRITE));
	assert_false(unpriv(&image, 0x38009FFFu, MPU_ACCESS_READ));
	assert_false(unpriv(&image, 0x3800C000u, MPU_ACCESS_READ));
}

static void test_mmio_regions(void **state)
{
	const struct pmsav8_mmio mmio[2] = {{0x50000000u, 0x100u, true},
	                                    {0x50001000u, 0x20u, false}};
	struct pmsav8_image image;

	(void)state;
	assert_int_equal(
	        pmsav8_boundary_image(&layout, 3, false, mmio, 2, 8, &image),
	        0);
	assert_int_equal(image.n, 4);
	assert_true(unpriv(&image, 0x500000FFu, MPU_ACCESS_WRITE));
	assert_false(unpriv(&image, 0x50000100u, MPU_ACCESS_READ));
	assert_true(unpriv(&image, 0x50001000u, MPU_ACCESS_READ));
	assert_false(unpriv(&image, 0x50001000u, MPU_ACCESS_WRITE));
	assert_false(unpriv(&image, 0x50000000u, MPU_ACCESS_EXECUTE));
}

static void test_too_many_regions(void **state)
{
	const struct pmsav8_mmio mmio[7] = {
	        {0x50000000u, 0x20u, true}, {0x50001000u, 0x20u, true},
	        {0x50002000u, 0x20u, true}, {0x50003000u, 0x20u, true},
	        {0x50004000u, 0x20u, true}, {0x50005000u, 0x20u, true},
	        {0x50006000u, 0x20u, true}};
	struct pmsav8_image image;

	(void)state;
	/* Code, own memory and six regions fill an MPU of 8; seven do not. */
	assert_int_equal(
	        pmsav8_boundary_image(&layout, 3, false, mmio, 6, 8, &image),
	        0);
	assert_int_equal(
	        pmsav8_boundary_image(&layout, 3, false, mmio, 7, 8, &image),
	        -1);
	assert_int_equal(
	        pmsav8_boundary_image(&layout, 3, false, mmio, 7, 16, &image),
	        0);
	assert_int_equal(image.n, 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_encodings),
	        cmocka_unit_test(test_privileged_boundary),
	        cmocka_unit_test(test_level2_all_app_rot),
	        cmocka_unit_test(test_level3_own_only),
	        cmocka_unit_test(test_mmio_regions),
	        cmocka_unit_test(test_too_many_regions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
