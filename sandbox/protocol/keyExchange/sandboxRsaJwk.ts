/**
 * The sandbox's own RSA key for the auth key exchange (docs/decisions/0005-login-keys.md).
 * It is PUBLIC ON PURPOSE: it guards nothing (the sandbox holds no real account) and every process that talks to
 * a sandbox (the login command, tests, another machine) must know it without a channel to fetch it. Fixed rather
 * than generated per run so that a sandbox in one process and a login in another agree, and no start pays for
 * RSA key generation. Never trust it for a real Telegram server.
 */
export const SANDBOX_RSA_PRIVATE_JWK = {
	kty: 'RSA',
	n:
		'tnZtqlf2iirXkTl1eXC7jzsXdRpaym4UPLaSZXLs1haFWAXfgnM4eR3LTZcRvYrXIxAEa_JcCF8GhmYMiTYV4t9H-n8uHh6F' +
		'1yfcP_vJeIpezVoIMONyaCzwDhEWcthWQsI-o973kN1TuvLSpobAoL_iWFhj88zLSKVegN26qoBEqYVhEDlXWeRlNSQQEtPi' +
		'_UXyp0zX9_ktPnnhheOAtIbpdgxJBO_o8n5zclEe3XDRwF6BoeDTCnRoRGl5Qyknk4pAPD3yTX45O1_9wwfQzp2ZOh83jJoX' +
		'mvT6elI-mvfKlWt5evmr_sFPjSrvnBgXL2iI6RpTZ1XVY1FhBJxUMQ',
	e: 'AQAB',
	d:
		'J7tsL_7NmdKwdFg9w38P6KWmewKNKK2FzJ65DExVVF09FijZPe_XKVCal7_AxjR4mpL_U35IGi6PHi8UpcBYTbnvU5XkNfzR' +
		'ikOMy4YJni0Lbc4gIH02yYaXk4iXCdUgG5NuzoJcCHiZpgkAY_DN-3MtV62PvmQnFB-mj4s4_a1oi6us449Al_wU5RbGNTQ7' +
		'6vi9csZrdWNCeLK-wDddzP95hwIJLyld2PlSflXsc-PGblw9mEyxM_O08PGHy5OVV0s4pawlUH5fXS4HGIh8GxEYCGP7lTlu' +
		'dYlK6lj08MIc5dQ_p5maFpQAk5-HvXSYJwWJbHkfqp_luNC9wwuSnQ',
	p:
		'4nHz_fIpjGHxwYR82N80YiW9MITC9QBn0LknFfJXs7F8ugccqrnAR20AyGrHg6C1WSIa0FytontOic2tCBwTh--Cv5BK31jd' +
		'EqvpPIxE8kOK_0sH0E4OCNWKJ4k0ObzFsMW0osPc33y2zFJjAsoO5cw3HooGmuSOsNy3Yl0TlT8',
	q:
		'zkbrVq6Nt9wc9VxiWDDe3Bv1K8Pu9zkaJRLfPtTuA4CfQzX4o1Ab-F-aDmoseT9GhkRYQDHEduJm6nP3EdNgcktinPsCEiMK' +
		'vTKkp4QVZI09WM7_y_cUd7GitlGJ8x0tPuQpVNNTOtONSAV73AMp1H2xmIt7ni6CwUcAV2HIio8',
	dp:
		'ZbtyNX2NAv-hwCIIgNpOS2XPCDQs7isfeNsl3ytAEX_EnELDs0O-SZiECIZIWi9iKcgzqbZpX5zsHOblPMZ4U9Lbt7pYmNzw' +
		'fQn0v_n4o6qKkMUhnojirz9YUQjICMRxQEiiLZm26kS6TzMYPlGOvdiwTq0N6JqULIsMbEmKmbs',
	dq:
		'r2ZwkOmmihO58A0ZduI_bqy7Qfa-iSveBm5QtI28we-p_S20ebIRxpYMWnt_y625W0xcOmHXLDwBxRTMnzS9CxL9DH0H2sI_' +
		'THf2uJbA1hqfcpe5vQchOVIsCJm3EqnZomPCnWWAnUHsHbTECGYMOKqUzCC3Ad-MwaqNKMB2FRM',
	qi:
		'D2wkN2RK8smkRfEwlwnE_TSQGnNKafnCKYCNSnO3TTTudNSTCnKQ9asPGYA7keULpd_W1aPoIMskfLcbWfZtGv6vHYMRpB7i' +
		'HZAPIyhSNfPk26ffQyOSJB-5QrA0u8kndU5Yf8joRlHa4nP7ziHO06pmWhHXaId9Snm1tukiZ4k',
} as const;
