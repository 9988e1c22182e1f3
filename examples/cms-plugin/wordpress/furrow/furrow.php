<?php
/**
 * Plugin Name: Furrow Learning
 * Description: Embed Furrow lessons in posts and pages: the [furrow_lesson id="…"] shortcode, a "Furrow lesson" block, and oEmbed for pasted Furrow links. Signed-in WordPress users get a Furrow embed token minted by this server (single sign-on); the secret key never reaches the browser.
 * Version: 0.1.0
 * Requires at least: 6.1
 * Requires PHP: 8.0
 * License: MIT
 *
 * Configure in wp-config.php (or Settings → Furrow):
 *   define('FURROW_URL', 'https://learn.example.org');       // where the Furrow server runs
 *   define('FURROW_PUBLISHABLE_KEY', 'pk_live_…');            // public: goes into pages
 *   define('FURROW_SECRET_KEY', 'sk_live_…');                 // private: server to server only
 */

if (!defined('ABSPATH')) {
	exit;
}

const FURROW_PLUGIN_VERSION = '0.1.0';

/** A setting from wp-config.php constants first, then the options page. */
function furrow_setting(string $name): string {
	$const = 'FURROW_' . strtoupper($name);
	if (defined($const)) {
		return (string) constant($const);
	}
	return (string) get_option('furrow_' . $name, '');
}

function furrow_base_url(): string {
	return untrailingslashit(furrow_setting('url'));
}

/**
 * A short-lived Furrow embed token for the signed-in WordPress user, minted server to server
 * with the secret key (POST /v1/embed-tokens) and cached until shortly before it expires.
 * Anonymous visitors get none: they browse as guests.
 */
function furrow_embed_token(): ?string {
	if (!is_user_logged_in()) {
		return null;
	}
	$secret = furrow_setting('secret_key');
	if ($secret === '' || furrow_base_url() === '') {
		return null;
	}
	$user = wp_get_current_user();
	$cache_key = 'furrow_token_' . $user->ID;
	$cached = get_transient($cache_key);
	if (is_string($cached) && $cached !== '') {
		return $cached;
	}
	$locale = substr(get_user_locale($user), 0, 2);
	$body = array(
		'externalId' => 'wp-' . get_current_blog_id() . '-' . $user->ID,
		'name'       => $user->display_name !== '' ? $user->display_name : $user->user_login,
		'ttlSeconds' => 3600,
	);
	if (is_email($user->user_email)) {
		$body['email'] = $user->user_email;
	}
	if (in_array($locale, array('en', 'hi', 'mr'), true)) {
		$body['locale'] = $locale;
	}
	$response = wp_remote_post(furrow_base_url() . '/v1/embed-tokens', array(
		'timeout' => 10,
		'headers' => array(
			'Authorization'   => 'Bearer ' . $secret,
			'Content-Type'    => 'application/json',
			'Idempotency-Key' => wp_generate_uuid4(),
		),
		'body'    => wp_json_encode($body),
	));
	if (is_wp_error($response) || wp_remote_retrieve_response_code($response) !== 201) {
		error_log('[furrow] could not mint an embed token: ' . (is_wp_error($response) ? $response->get_error_message() : wp_remote_retrieve_body($response)));
		return null;
	}
	$session = json_decode(wp_remote_retrieve_body($response), true);
	if (!is_array($session) || empty($session['token'])) {
		return null;
	}
	set_transient($cache_key, $session['token'], 3600 - 120);
	return $session['token'];
}

/** The lesson's course id (the player wants both), from the public API, cached for a day. */
function furrow_lesson_course(string $lesson_id): string {
	$cache_key = 'furrow_lesson_' . md5($lesson_id);
	$cached = get_transient($cache_key);
	if (is_string($cached)) {
		return $cached;
	}
	$response = wp_remote_get(furrow_base_url() . '/v1/lessons/' . rawurlencode($lesson_id), array(
		'timeout' => 10,
		'headers' => array('X-Furrow-Key' => furrow_setting('publishable_key')),
	));
	$course = '';
	if (!is_wp_error($response) && wp_remote_retrieve_response_code($response) === 200) {
		$lesson = json_decode(wp_remote_retrieve_body($response), true);
		$course = is_array($lesson) && isset($lesson['courseId']) ? (string) $lesson['courseId'] : '';
	}
	set_transient($cache_key, $course, $course === '' ? 60 : DAY_IN_SECONDS);
	return $course;
}

/** Renders the lesson player; shared by the shortcode and the block. */
function furrow_render_lesson(array $atts): string {
	$atts = shortcode_atts(array('id' => '', 'course' => '', 'locale' => ''), $atts, 'furrow_lesson');
	$lesson_id = sanitize_text_field($atts['id']);
	$base = furrow_base_url();
	$key = furrow_setting('publishable_key');
	if ($base === '' || $key === '') {
		return current_user_can('manage_options') ? '<p class="furrow-notice">' . esc_html__('Furrow: set FURROW_URL and FURROW_PUBLISHABLE_KEY first.', 'furrow') . '</p>' : '';
	}
	if ($lesson_id === '') {
		return current_user_can('edit_posts') ? '<p class="furrow-notice">' . esc_html__('Furrow: the lesson id is missing.', 'furrow') . '</p>' : '';
	}
	$course_id = $atts['course'] !== '' ? sanitize_text_field($atts['course']) : furrow_lesson_course($lesson_id);
	$locale = in_array($atts['locale'], array('en', 'hi', 'mr'), true) ? $atts['locale'] : substr(determine_locale(), 0, 2);
	$token = furrow_embed_token();

	$html = '';
	static $loader_printed = false;
	if (!$loader_printed) {
		$loader_printed = true;
		$html .= '<script type="module" src="' . esc_url($base . '/cdn/furrow.js') . '"></script>';
	}
	$html .= '<furrow-provider class="furrow-embed" publishable-key="' . esc_attr($key) . '" base-url="' . esc_url($base) . '"';
	if (in_array($locale, array('en', 'hi', 'mr'), true)) {
		$html .= ' locale="' . esc_attr($locale) . '"';
	}
	if ($token) {
		$html .= ' token="' . esc_attr($token) . '"';
	}
	$html .= '><furrow-lesson-player lesson-id="' . esc_attr($lesson_id) . '"';
	if ($course_id !== '') {
		$html .= ' course-id="' . esc_attr($course_id) . '"';
	}
	$html .= '></furrow-lesson-player></furrow-provider>';
	return $html;
}

add_shortcode('furrow_lesson', 'furrow_render_lesson');

/** The "Furrow lesson" block: dynamic, rendered by the same PHP as the shortcode. */
function furrow_register_block(): void {
	wp_register_script(
		'furrow-lesson-block-editor',
		plugins_url('block/editor.js', __FILE__),
		array('wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-i18n'),
		FURROW_PLUGIN_VERSION,
		true
	);
	register_block_type(__DIR__ . '/block', array(
		'editor_script'   => 'furrow-lesson-block-editor',
		'render_callback' => static function (array $attributes): string {
			return furrow_render_lesson(array(
				'id'     => (string) ($attributes['lessonId'] ?? ''),
				'course' => (string) ($attributes['courseId'] ?? ''),
				'locale' => (string) ($attributes['locale'] ?? ''),
			));
		},
	));
}
add_action('init', 'furrow_register_block');

/** Pasted Furrow lesson and course links become players (oEmbed provider). */
function furrow_register_oembed(): void {
	$base = furrow_base_url();
	if ($base !== '') {
		wp_oembed_add_provider($base . '/embed/*', $base . '/oembed', false);
	}
}
add_action('init', 'furrow_register_oembed');

/** Keep the Furrow tags when KSES filters post content for authors without unfiltered_html. */
function furrow_allowed_html(array $tags, $context): array {
	if ($context === 'post') {
		$tags['furrow-provider'] = array('publishable-key' => true, 'base-url' => true, 'locale' => true, 'class' => true);
		$tags['furrow-lesson-player'] = array('lesson-id' => true, 'course-id' => true);
	}
	return $tags;
}
add_filter('wp_kses_allowed_html', 'furrow_allowed_html', 10, 2);

/** Settings → Furrow, for sites that prefer options to constants. */
function furrow_admin_menu(): void {
	add_options_page('Furrow', 'Furrow', 'manage_options', 'furrow', 'furrow_settings_page');
}
add_action('admin_menu', 'furrow_admin_menu');

function furrow_admin_init(): void {
	foreach (array('url', 'publishable_key', 'secret_key') as $name) {
		register_setting('furrow', 'furrow_' . $name, array('type' => 'string', 'sanitize_callback' => 'sanitize_text_field'));
	}
}
add_action('admin_init', 'furrow_admin_init');

function furrow_settings_page(): void {
	if (!current_user_can('manage_options')) {
		return;
	}
	echo '<div class="wrap"><h1>Furrow</h1><form method="post" action="options.php">';
	settings_fields('furrow');
	echo '<table class="form-table">';
	foreach (array('url' => 'Furrow server URL', 'publishable_key' => 'Publishable key (pk_…)', 'secret_key' => 'Secret key (sk_…)') as $name => $label) {
		$locked = defined('FURROW_' . strtoupper($name));
		$value = $name === 'secret_key' ? '' : furrow_setting($name);
		printf(
			'<tr><th scope="row"><label for="furrow_%1$s">%2$s</label></th><td><input class="regular-text" type="%3$s" id="furrow_%1$s" name="furrow_%1$s" value="%4$s" %5$s>%6$s</td></tr>',
			esc_attr($name), esc_html($label), $name === 'secret_key' ? 'password' : 'text', esc_attr($value),
			$locked ? 'disabled' : '', $locked ? ' <em>' . esc_html__('set in wp-config.php', 'furrow') . '</em>' : ''
		);
	}
	echo '</table>';
	submit_button();
	echo '</form></div>';
}
