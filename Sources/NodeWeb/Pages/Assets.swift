import Foundation
import WebAccess
/// The soum app's only script, served from the app itself (no CDN, no framework; its
/// style sheet is the one both web apps share, `WebStyle`): the pages work without it;
/// it only checks eligibility as the worker types, follows a running sync, and reduces
/// photos before they are attached (`ScanReduction`).
enum Assets {
    static let js = main + "\n" + ScanReduction.js

    static let main = """
        (function(){
          var form=document.querySelector('form[data-check]');
          if(form){
            var timer=null;
            var run=function(){
              var params=new URLSearchParams(new FormData(form));
              params.delete('_csrf');
              fetch('/check?'+params.toString(),{credentials:'same-origin'}).then(function(r){return r.json();}).then(function(d){
                var box=document.getElementById('eligibility');
                box.className=d.eligible?'notice':'warn';
                box.textContent='';
                var head=document.createElement('strong');
                head.textContent=d.headline;box.appendChild(head);
                var ul=document.createElement('ul');
                d.reasons.forEach(function(t){var li=document.createElement('li');li.textContent=t;ul.appendChild(li);});
                box.appendChild(ul);
                document.getElementById('amount').textContent=d.amount;
              }).catch(function(){});
            };
            form.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(run,150);});
            form.addEventListener('change',run);
          }
          var sync=document.getElementById('sync-progress');
          if(sync&&sync.dataset.running==='true'){
            var poll=function(){
              fetch('/sync/progress',{credentials:'same-origin'}).then(function(r){return r.json();}).then(function(d){
                document.getElementById('sync-line').textContent=d.line;
                if(d.running){setTimeout(poll,500);}else{location.reload();}
              }).catch(function(){setTimeout(poll,2000);});
            };
            setTimeout(poll,300);
          }
        })();
        """
}
