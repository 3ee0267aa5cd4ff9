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
