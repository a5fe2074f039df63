/* The partitions' configuration, as TF-M's config_tfm.h gives it. */
#ifndef CONFIG_TFM_H
#define CONFIG_TFM_H

#define CRYPTO_STACK_SIZE      0x1B00
#define ITS_STACK_SIZE         0x720
#define PLATFORM_SP_STACK_SIZE 0x500

#endif /* CONFIG_TFM_H */
