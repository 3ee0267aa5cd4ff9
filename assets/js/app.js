/* app.js: progressive enhancement only; every page works without it. */
'use strict';
document.documentElement.classList.add('js');
/* [data-print] buttons print the page (activation slips, notices); without JS, the browser's
 * own print command does the same. */
document.addEventListener('click', function (e) {
	var t = e.target.closest ? e.target.closest('[data-print]') : null;
	if (t) {
		e.preventDefault();
		window.print();
	}
});
/* The text-size switch on a page that answers a POST (data-in-place; see layout.c): the choice
 * is saved with the same form post, but the page stays, since it cannot be fetched again (the
 * activation codes are shown once). If saving fails the form is sent the ordinary way. */
document.addEventListener('submit', function (e) {
	var f = e.target;
	if (!f.hasAttribute || !f.hasAttribute('data-in-place') || !f.elements.large)
		return;
	e.preventDefault();
	var on = f.elements.large.value === '1';
	fetch(f.action, {
		method: 'POST',
		body: new URLSearchParams(new FormData(f)),
		credentials: 'same-origin',
		redirect: 'manual'
	}).then(function (r) {
		if (r.type !== 'opaqueredirect' && !r.ok)
			throw new Error('not saved');
		document.documentElement.classList.toggle('large', on);
		f.elements.large.value = on ? '0' : '1';
		var b = f.querySelector('button');
		b.setAttribute('aria-pressed', on ? 'true' : 'false');
		b.textContent = on ? b.getAttribute('data-off') : b.getAttribute('data-on');
	}).catch(function () {
		f.submit();
	});
});
/* [data-read] buttons (朗读, DOMAIN §7) read the element they name aloud with the browser's own
 * speech synthesis, in the page's language; a second press stops. Rendered hidden, and shown
 * only where the browser can speak, so nobody meets a button that does nothing. */
if ('speechSynthesis' in window && typeof SpeechSynthesisUtterance === 'function') {
	document.querySelectorAll('[data-read]').forEach(function (b) {
		b.hidden = false;
	});
	document.addEventListener('click', function (e) {
		var b = e.target.closest ? e.target.closest('[data-read]') : null;
		if (!b)
			return;
		e.preventDefault();
		if (window.speechSynthesis.speaking) {
			window.speechSynthesis.cancel();
			b.setAttribute('aria-pressed', 'false');
			return;
		}
		var el = document.getElementById(b.getAttribute('data-read'));
		if (!el)
			return;
		var u = new SpeechSynthesisUtterance(el.innerText);
		u.lang = document.documentElement.lang || 'zh-CN';
		u.rate = 0.9; /* a little slower than the default: most listeners are elderly */
		u.onend = function () {
			b.setAttribute('aria-pressed', 'false');
		};
		b.setAttribute('aria-pressed', 'true');
		window.speechSynthesis.speak(u);
	});
}
