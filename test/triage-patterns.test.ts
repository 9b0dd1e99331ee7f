import { describe, it, expect } from 'vitest';
import { triage, type TriageCategory, type TriageOptions } from '#domain/triage';

/** Each failure pattern found with real-style replies (issue: triage a clinician would trust), in phrasings of our own. */
const decide = (text: string, options: TriageOptions = {}) => {
  const result = triage(text, options);
  return { ...result, why: `${text} -> ${result.category}: ${result.reasons.join('; ')}` };
};
const expectUrgent = (...texts: string[]) => {
  for (const text of texts) expect(decide(text).urgent, decide(text).why).toBe(true);
};
const expectEscalated = (...texts: string[]) => {
  for (const text of texts) expect(decide(text).escalate, decide(text).why).toBe(true);
};
const expectRoutine = (...texts: string[]) => {
  for (const text of texts) expect(decide(text).escalate, decide(text).why).toBe(false);
};
const expectCategory = (category: TriageCategory, ...texts: string[]) => {
  for (const text of texts) expect(decide(text).category, decide(text).why).toBe(category);
};

describe('triage in Spanish', () => {
  it('sends Spanish emergencies to urgent, with or without accents', () => {
    expectUrgent(
      'tengo un dolor en el pecho y me falta el aire desde hace rato',
      'siento una presión fuerte en el pecho',
      'la pantorrilla derecha esta hinchada, roja y caliente',
      'mi pierna izquierda se ve mas gorda que la otra y me duele',
      'se me cayó un lado de la cara y no puedo hablar bien',
      'mi esposo dice que hablo raro y estoy confundida',
      'se me hincharon los labios y la lengua despues del aceite',
      'me salieron ronchas por todo el cuerpo y siento la garganta cerrada',
      'me desmayé en el baño al llegar a casa',
      'tengo la entrepierna adormecida y no puedo orinar',
      'mi orina salió color café y me duelen muchísimo los músculos',
    );
  });

  it('escalates Spanish warning signs that are not emergencies', () => {
    expectEscalated(
      'me salió un moretón grande en el hombro',
      'tengo moretones en la espalda',
      'no puedo girar el cuello',
      'me cuesta levantar el brazo',
      'dolor punzante en la espalda baja',
      'siento hormigueo en la mano',
      'me duele la cabeza desde el masaje',
      'estoy mareada',
    );
  });

  it('escalates Spanish soreness that has lasted more than 3 days', () => {
    expectEscalated('sigo adolorida, ya van 5 días', 'me duele la espalda desde hace una semana');
    expect(decide('me duele el cuello desde el jueves', { receivedAt: '2026-03-10T09:00:00-07:00' }).escalate).toBe(true);
    expect(decide('me duele el cuello desde el domingo', { receivedAt: '2026-03-10T09:00:00-07:00' }).escalate).toBe(false);
  });

  it('reads Spanish context: over, before the session, hypothetical, someone else, negated', () => {
    expectRoutine(
      'ya no me duele nada, gracias',
      'el dolor punzante que tenía antes del masaje ya se me quitó',
      '¿qué hago si me sale un moretón la próxima vez?',
      'a mi hermana le salió un moretón después de un masaje en otro lugar',
      'no tengo moretones ni nada, todo bien',
      'sin dolor punzante, solo un poco adolorida',
    );
  });

  it('detects the language the client wrote in, Spanglish included', () => {
    expect(decide('me duele mucho el pecho').language).toBe('es');
    expect(decide('mi back está super sore hoy, es normal?').language).toBe('es');
    expect(decide('my chest hurts').language).toBe('en');
    expect(decide('ok gracias!').language).toBe('es');
  });
});

describe('triage context', () => {
  it('sets aside symptoms that are over or were there before the session', () => {
    expectRoutine(
      'the knife-like pain in my low back that made me book is totally gone now',
      "before the massage I couldn't turn my head to the left, and now I can. amazing",
      'the bruise on my thigh is an old one from falling off my bike last month',
      'had a bit of a headache last night but it went away after dinner',
    );
  });

  it('sets aside hypothetical symptoms', () => {
    expectRoutine(
      'what should I do if I get bruises after the next deep tissue?',
      'if it ever turns sharp I will call you',
      'can massage cause numbness in the hands?',
    );
  });

  it("sets aside someone else's symptoms", () => {
    expectRoutine(
      "my roommate's shoulder bruised after her massage somewhere else, is that common?",
      'my husband has sciatica, can he book with you?',
    );
  });

  it('keeps the client when a partner reports for them', () => {
    expectUrgent('my wife says my smile looks lopsided since this afternoon', 'my partner thinks I sound confused and my words are jumbled');
  });

  it('sets aside figures of speech', () => {
    expectRoutine(
      'that was a killer massage, thank you!',
      'my ego is a little bruised that I fell asleep and snored lol',
      'you went sharp on my traps but in a good way',
      'I totally passed out on the table, best nap ever',
      'my wallet is bleeding after buying the 10-pack lol',
    );
  });

  it('lets a negation reach only its own clause', () => {
    expectEscalated('no trouble breathing, but I have a rash on my back where the oil was');
    expectEscalated("it's not exactly numb, more like weak in my right hand");
    expectEscalated('no bruising but my ankle is puffy');
    expectRoutine('no sharp pain, no bruising, no numbness, just a bit tired');
  });

  it('escalates, not urgent, a finding the rules cannot settle', () => {
    const result = decide('the tingling in my fingers is better but still there');
    expect(result).toMatchObject({ escalate: true, urgent: false });
    expect(result.reasons.join(' ')).toContain('unclear');
  });
});

describe('triage red-flag catalogue', () => {
  it('takes the client at their word when they name an emergency or ask about 911', () => {
    expectUrgent('heart attack?', 'I think Im having a stroke', 'creo que me está dando un infarto', 'should I call 911', 'we are going to the ER now');
    expectRoutine('those long strokes on my back were heaven', 'my grandpa had a stroke years ago, is massage ok for him?');
  });

  it('does not tell a client to call 911 over everyday words that look like warning signs', () => {
    for (const text of [
      'Two of my friends want to book with you!',
      'I think I dropped my stuff at your place, did anyone find earbuds?',
      "I'm confused about the booking link, which day did we say?",
      'I drank so much water and tea, had to pee all night lol',
      "30 weeks pregnant and the massage was perfect, baby hasn't stopped kicking lol",
      'I fell asleep right after, then found my phone was broken lol',
      'Had a great nap, passed out as soon as I got home',
      "I laughed so hard I couldn't breathe at your joke",
    ]) {
      expect(decide(text).urgent, decide(text).why).toBe(false);
    }
  });

  it('reads a checklist answer as negated, and an old emergency sign that is back as urgent', () => {
    expectRoutine('Sharp pain? No. Bruising? No. All good');
    expectUrgent('my old chest pain is back', 'My chest is killing me', "can't move my right arm or leg", 'I had to use my EpiPen');
  });

  it('knows cauda equina in plain words', () => {
    expectUrgent('my groin feels numb and I cannot control my bladder properly', 'wet myself twice today and my inner thighs are numb');
  });

  it('knows a stroke without the stock words', () => {
    expectUrgent(
      'my boyfriend says I have been confused all evening',
      'I keep dropping my fork and my arm feels heavy',
      'my mouth looks crooked in the mirror',
      'suddenly I can not see out of my left eye',
    );
  });

  it('knows anaphylaxis in plain words', () => {
    expectUrgent('hives are spreading up my neck', 'my tongue feels thick and swollen', 'my throat is tight and it is hard to swallow');
  });

  it('knows a clot, sudden vision loss after neck work, and blacking out', () => {
    expectUrgent(
      'my left calf looks bigger than the right one',
      'after the neck work I have a pounding headache and my vision went blurry',
      'I blacked out and came to on the kitchen floor',
      'woke up on the bathroom floor, not sure how I got there',
    );
  });

  it('knows the everyday words for warning signs beside soreness', () => {
    expectEscalated(
      'there is a purple mark on my shoulder blade',
      'a lump came up on my forearm where you worked',
      'it hurts when I swallow',
      'my hand feels numbb',
      'tender all over and there is a sharp twinge under my shoulder blade',
      'it hurts and my knee is swollen',
    );
    // Soreness beside a warning sign does not hide it.
    expectCategory('escalate', 'so tender today, and my fingers keep going numb', 'it hurts a bit and theres a bruise coming up');
  });
});

describe('triage safety net', () => {
  it('escalates as unclear a reply that speaks of the body in words the catalogue does not know', () => {
    for (const text of ['my left big toe has gone waxy since last night', 'my ear is making a whooshing noise']) {
      const result = decide(text);
      expect(result, result.why).toMatchObject({ escalate: true, urgent: false });
      expect(result.reasons.join(' ')).toContain('unclear');
    }
  });

  it('leaves ordinary replies about the body routine', () => {
    expectRoutine('my back is so much looser today', 'shoulders feel amazing', 'my legs are a bit tired, nothing crazy', 'mi espalda se siente de maravilla');
  });
});

describe('triage of odd input', () => {
  it('still escalates a warning sign at the start of a very long reply, and reads any text without failing', () => {
    expect(decide(`I have a sharp pain in my lower back. ${'and then some more words '.repeat(20_000)}`).escalate).toBe(true);
    for (const text of ['sore '.repeat(5000), '> '.repeat(10_000), '\u0000\uFFFF\uD800', '😀'.repeat(4000), 'x'.repeat(100_000)]) {
      expect(() => triage(text)).not.toThrow();
    }
  });
});

describe('triage time', () => {
  const received = { receivedAt: '2026-03-09T10:00:00-07:00', sessionEndedAt: '2026-03-02T15:00:00-08:00' };

  it('escalates soreness dated more than 3 days back, in any form', () => {
    for (const text of ['sore since the 3rd', 'my neck has been stiff since last wednesday', 'still twinges a week on', 'been achy for 6 days', 'day 5 and still sore']) {
      expect(decide(text, received).escalate, decide(text, received).why).toBe(true);
    }
  });

  it('measures "still sore" against the end of the session', () => {
    expect(decide('still a little sore', received).escalate).toBe(true);
    expect(decide('still a little sore', { receivedAt: '2026-03-03T10:00:00-08:00', sessionEndedAt: '2026-03-02T15:00:00-08:00' }).escalate).toBe(false);
  });

  it('does not count soreness within 3 days, or dates that are not durations', () => {
    for (const text of ['sore since yesterday', 'sore since saturday', 'a bit sore, see you in 2 weeks', 'sore, booking again next week']) {
      expect(decide(text, received).escalate, decide(text, received).why).toBe(false);
    }
  });
});

describe('stroke told in everyday words, and odd new sensations (dev-8, our own phrasings)', () => {
  it('sends one-sided weakness, dropped things, wrong words and a face that will not move to urgent', () => {
    expectUrgent(
      'my mug slipped out of my left hand at breakfast and my fingers feel weird',
      'i keep dropping things today, no idea why',
      'the wrong words keep coming out when i talk, its so strange',
      'my wife says the right side of my mouth isnt moving when i smile',
      'my left leg feels heavy and numb going up the stairs, the right one is fine',
      'se me durmió la pierna y el brazo izquierdo de repente',
      'mi hija dice que digo cosas sin sentido',
      'perdí el balance de repente en la cocina',
    );
  });

  it('escalates what is new and odd since the session, a rising pain score and a possibly broken rib', () => {
    expectEscalated(
      'my knee clicks every time i bend it since the massage',
      'my jaw doesnt close right since the facial',
      'the pain went from a 2 to a 7 since lunch',
      'i think i cracked a rib, it hurts to breathe in deep where you pressed',
      'my daughter found a bruise on the back of my arm',
    );
  });

  it('keeps figures of speech, answered worries and old complaints routine', () => {
    expectRoutine(
      'almost fainted when i saw the bill for my car lol, can i book again friday?',
      'so relaxed i literally cant feel my face 😂',
      'my back is screaming for another session, any openings?',
      'the shooting pain in my hip that used to bug me hasnt flared up since the session!',
      'ya puedo girar el cuello, antes no podía ni voltear',
      'my coworker passed out at her spa day but im great',
      'achy all over like a mild flu feeling, normal?',
    );
  });
});

describe('time gone by, a proxy named in passing, reported words and Spanish diminutives', () => {
  it('reads "pasó una semana" as time gone by, not the pain gone, and "still" opening the clause', () => {
    expectEscalated('aun me duelen los hombros y ya pasaron dos semanas', 'sigo con la molestia en la espalda, ya paso una semana entera');
    expectRoutine('me dolía el cuello pero ya se me pasó, gracias!');
  });

  it('counts a partner writing for the client, named only as "X\'s husband here"', () => {
    expectEscalated("Hi, Maria's partner here. She's been a bit strange in her body since her massage, can't say how.");
  });

  it('reads a quoted word as the client\'s own', () => {
    expectEscalated('Lena\'s husband here. She says she feels "strange", she can\'t explain it', 'feeling “shaky” tonight, no idea why');
  });

  it('knows a Spanish diminutive bruise and a glass slipping out of one hand', () => {
    expectEscalated('me salió una moradita en el muslo', 'tengo el brazo medio amoratado');
    expectUrgent('se me resbaló el vaso de agua de la mano izquierda y no lo sentí');
  });
});

describe('dev-9 and dev-10 failure patterns, in our own phrasings', () => {
  it('sends heart attack signs told loosely to urgent', () => {
    expectUrgent(
      'feels like a bag of sand is sitting on my chest and i cant shake it',
      'strange heavy feeling across my chest since dinner, and now im sweating for no reason',
      'the tight band around my chest came back, and i feel queasy',
      'siento un peso sobre el pecho desde la tarde',
      'my upper back between the shoulders is squeezing and i feel clammy',
    );
  });

  it('sends a drooping eye, blue lips and dizziness with double vision to urgent', () => {
    expectUrgent('my right eye lid is droopy since this morning, neck sore on that side', 'el ojo derecho se me ve caido desde ayer', 'her lips look kind of blue and she is freezing', 'so dizzy and everything is doubled');
  });

  it('escalates jabs, painkillers that do not help, a bump that appeared, a spinning room and a doctor visit', () => {
    expectEscalated(
      'little jabs under my shoulder blade when i breathe out',
      'took two advil and it isnt helping at all',
      'el dolor de la rodilla esta cañón, no se me quita ni con pastillas',
      'ya no lo puedo voltear, el cuello',
      'there is a raised bump near my spine now',
      'whole room spins when i lie down',
      'my gp wants to see me friday about my shoulder',
      'siento la pierna rara, no se explicar',
    );
  });

  it('keeps routine what only looks like a warning sign', () => {
    expectRoutine(
      'All good here. No bruising or anything like that. Thanks!',
      'got a bit lightheaded standing up but it was just for a second, long gone now',
      'I bruise easily in general, is arnica worth trying before next time?',
      'my cat threw up on my bed when i got home lol, but i feel amazing',
      'never got a rash from any oil before and didnt this time either',
      'I cannot move a single muscle 🥰 in a good way',
      'toes numb-ish for years from my diabetes, nothing new, massage was lovely',
      'just curious, is it normal to get a headache after deep tissue? havent had one',
      'ya no tengo el dolor punzante que traia, gracias',
      "what would count as 'restricted movement' exactly? just want to know",
    );
  });
});

describe('dev-11 failure patterns (urgent signs told loosely), in our own phrasings', () => {
  it('sends heart attack signs without the word "chest pain" to urgent', () => {
    expectUrgent(
      'feels as if a sack of bricks got parked on me, and my left hand is pins and needles',
      'odd fullness behind the sternum since lunch and i broke out in a cold sweat',
      'mi mamá está pálida y sudando frío, dice que le duele la espalda de arriba y tiene náuseas',
    );
  });

  it('sends strokes told in everyday words to urgent, even when they passed', () => {
    expectUrgent(
      'my left foot just is not doing what i tell it to, kept catching on the rug',
      'my wife says i kept repeating myself at dinner and i dont remember it',
      'texted my sister and the message came out all scrambled, took me ages to fix',
      'se me durmieron el brazo y la pierna derecha como diez minutos, ya se me quitó',
      'quería decir una palabra y me salía otra, mi hija se asustó',
      'hablaba todo enredado hace un rato, ya estoy mejor',
      'my right arm feels like it doesnt belong to me',
    );
  });

  it('sends new kinds of headache after neck work and a Spanish faint to urgent', () => {
    expectUrgent('this headache is nothing like my usual migraines, came on right after the neck work', 'me dio un dolor de cabeza como nunca en la nuca', 'me caí redondo en la cocina y no supe de mí un ratito');
  });

  it('escalates feeling run down, a skipping heartbeat, a pinched nerve, and "I think I have it too"', () => {
    expectEscalated(
      'just feel run down and blah today, not like normal soreness',
      'siento que el corazón se me salta a ratos',
      'creo que me pinzaron un nervio del hombro',
      'my cousin got tingling in her hands after a massage, i think i have it too',
      'no bruising i think? theres a dark patch though',
    );
  });

  it('keeps routine a relaxed client who lost track of the day, an old injury better than ever, and worries about what might happen', () => {
    expectRoutine(
      'so relaxed i forgot what day it was lol, thank you!!',
      'el tobillo que me torcí el año pasado está mejor que nunca',
      'my mom was afraid i would get dizzy like she did but i feel awesome',
      'what if my back starts aching tomorrow, should i worry?',
    );
  });
});

describe('dev-12 and dev-13 failure patterns (personas, casual middle of the scale), in our own phrasings', () => {
  it('reads clinical shorthand', () => {
    expectUrgent('retrosternal CP since 7pm, radiating to L arm, diaphoretic', 'sudden SOB and pleuritic pain after my flight home', 'worst HA of my life, thunderclap, after the neck work');
    expectEscalated('paresthesia in R hand since the session', 'pruritic patch on my back, dermatitis-looking');
  });

  it('sends plain-words emergencies to urgent: a faint told in broken English, an overdose, someone not responding, a wish to die in Spanish', () => {
    expectUrgent(
      'I lose conscience in kitchen, my son find me on floor',
      'i think i took too many of my muscle relaxer pills, feel so slow',
      'mi mamá no responde bien cuando le hablo, está como ida',
      'ya no quiero vivir, perdón',
      'numb where i sit on the chair, and down the inner thighs',
      'mi orín salió como tinto y me duelen mucho los músculos',
    );
  });

  it('escalates a racing heart, a low temperature, looking grey, a boat-like dizziness and odd sensations', () => {
    expectEscalated(
      "my heart's been doing this racing thing on and off since",
      'watch says my resting heart rate is high all day',
      'running a low grade temp since last night',
      'my husband says i look grey today',
      'feel like im on a boat when i stand up',
      'me mareé tantito al pararme',
      'fingertips feel like they are wrapped in cotton',
      'buzzing feeling under my skin near the shoulder',
      'it hurts when i swallow since you worked on my neck',
      'felt uncomfortable with where the hands went during the session',
      'cried all night after the session and feel so low today',
      'me duele raro la costilla, no es agujeta',
    );
  });

  it('escalates casual severe pain, spreading pain, a blister, a sunburn-like skin and a marble-like knot', () => {
    expectEscalated(
      'two tylenol and it is still a 9',
      "i can't get comfortable at all, it hurts that much",
      'el dolor de la pantorrilla es fortísimo',
      "the ache's spreading down into my forearm now",
      'tiny blistery spot where the stone was',
      'skin on my back looks like a sunburn and is warm to touch',
      'the knot feels like a grape now',
      'pain was 2/10 yesterday, now 7/10',
      'hurts bad. neck',
    );
  });

  it('keeps routine the nap on the couch, a bruised wallet, an old bruise from a fall, a knot of the usual kind and a question for next time', () => {
    expectRoutine(
      'passed out on the sofa as soon as i got home lol, best nap ever',
      "my wallet's bruised after that package lol",
      'el moretón de la rodilla es de cuando me caí hace semanas, no fue el masaje',
      'that knot under my shoulder blade finally let go, thank you',
      'is it normal to feel dizzy after a massage? asking for next time, i was fine this time',
      'la ciática que traía ya no me pica, gracias!',
    );
  });
});

describe('dev-14 failure patterns (a general mix), in our own phrasings', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      'i can only take in half a breath and my heart is pounding, came on out of nowhere',
      'se me apagó todo y me fui al suelo en el baño',
      '30 wks along. had the prenatal on friday. now there is bleeding',
      'me sangra la nariz sin parar, ya empapé una toalla',
      'red bumps spreading down my arms and it is getting harder to breathe',
      'se me entumieron las dos piernas y siento anestesiado entre los muslos',
    );
  });

  it('escalates these', () => {
    expectEscalated(
      'breaking out on my neck where the oil went',
      'pressure behind my eyes all afternoon',
      "my knee won't let me climb the stairs",
      'think i strained my hamstring on the table stretch',
      'a blue-ish spot came up on my shin',
      'pain was a 2 this morning now its a 5',
      'the pain is through the roof tonight',
      "worst ache i've had in ages, i don't think this is normal soreness",
    );
  });

  it('keeps these routine', () => {
    expectRoutine(
      'if it starts feeling sharp do i text or call?',
      'tengo un moretón en la pierna pero es de antes, me golpeé con la mesa la semana pasada',
      'el morado del brazo es de una caída del año pasado, tranquila',
      'feel like jelly and my neck is a tad stiff',
      'the tingling in my toes i told you about is better than before i came in',
    );
  });
});

describe('heart, neck-artery and stroke phrasings of our own, from probing the catalogue', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      'my heart hurts when i go up the stairs',
      'tight squeeze in my throat and jaw that comes on when i walk',
      'heavy pressure in my upper belly and now i feel lightheaded',
      'got a crushing feeling and feel sick',
      'headache came on all at once like a gunshot after the neck work',
      'my right knee just buckled and i went down',
      'all of a sudden i couldnt read the screen, the words made no sense',
    );
  });
});

describe('escalate-level phrasings of our own, from probing the catalogue', () => {
  it('escalates these', () => {
    expectEscalated(
      'i saw stars when i got up off the couch',
      'everything turned grey for a sec when i stood',
      'my shoulder feels like it might pop out',
      'feel like i got hit by a train and it is day 6',
      'the pain is honestly brutal',
      'can barely tolerate the pain in my hip',
      'ouch ouch, cant sleep with this',
      'tiny raised bumps all over my back',
      'not feeling so great since the session',
      'my calf feels like its on fire',
      'my wrist ballooned up overnight',
    );
  });
});

describe('urgent phrasings of our own, from probing the catalogue', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      'so dizzy i keep leaning to the left side when i walk',
      'my grip went weak in my left hand',
      'my handwriting suddenly looks like a kid wrote it',
      'a shadow across my eye, half my vision is gone',
      'my dad is acting confused and cant remember my name',
      'my wife is not answering me and she is pale',
      'my head felt like it exploded right after the session',
    );
  });
});

describe('soreness dated by the weekend, last week, or the session weekday', () => {
  const thursday = { receivedAt: '2026-03-05T10:00:00-08:00' };
  it('escalates soreness since the weekend on a Thursday, since last week, and a Monday massage on Friday', () => {
    for (const text of ['legs still sore since the weekend', 'me sigue doliendo desde el finde', 'sore since last week', 'sore for most of the week']) {
      expect(decide(text, thursday).escalate, decide(text, thursday).why).toBe(true);
    }
    expectEscalated('glutes still tight, the massage was tuesday and its saturday now');
  });
  it('leaves soreness since the weekend routine on a Monday', () => {
    expect(triage('a bit sore since the weekend', { receivedAt: '2026-03-02T09:00:00-08:00' }).escalate).toBe(false);
  });
});

describe('feeling unwell in ways that are not soreness, from probing the catalogue', () => {
  it('escalates these', () => {
    expectEscalated(
      'feel like im coming down with the flu since the massage',
      'so spaced out and foggy today',
      'feel hungover and i had nothing to drink',
      'my whole body feels heavy and weak',
      'hot flashes all evening',
      'kind of panicky tonight, heart and all',
      'i dont feel normal, hard to explain',
      'belly aches since you worked on my stomach',
      'been having diarrhea since yesterday',
      'keep getting cramps in my calf at night',
      'having trouble peeing since the session',
      'things look a bit blurry today',
    );
  });
  it('keeps a client floating out of the door, and a blind spot they can check again, routine', () => {
    expectRoutine('i floated out of there, thank you!', 'i can check my blind spot again, amazing', 'brain fog from work, sorry for the late reply. all good!');
  });
});

describe('dev-15 failure patterns (dictation, short and split texts, family members), in our own phrasings', () => {
  it('reads a text split over lines as one sentence', () => {
    expectUrgent('i cant\nget a breath\nit hurts\nwhen i breathe in');
  });
  it('sends a warm red calf to urgent', () => {
    expectUrgent('my left calf is warm and a bit red tonight, jeans feel tight on that leg');
  });
  it('escalates these', () => {
    expectEscalated(
      'i cant reach up to the top shelf anymore since the massage',
      'tengo una bolita en la nuca que antes no tenía',
      "my dad had his massage with you on monday and he's in a great deal of pain, he cries out when he sits",
      'my friend got bruises after her session with you and now i have a couple of marks too',
      "I've felt off since this morning",
      'my partner thinks she hurt her wrist on the face cradle getting up',
      'the ache is getting worst every day',
      'i have a brews on my thigh, kind of purple',
      'pain going up not down',
      'my mom seems more tired and off than usual since her massage',
    );
    expect(decide('the soreness from my massage has not let up', { sessionEndedAt: '2026-03-02T11:00:00-08:00', receivedAt: '2026-03-07T10:00:00-08:00' }).escalate).toBe(true);
  });
  it('keeps these routine', () => {
    expectRoutine('if i come home bruised my wife will kill you 😂 kidding!', 'si mañana me duele mucho, ¿hielo o calor?', 'my knees are far less stiff today');
  });
});

describe('stroke and bleeding phrasings of our own, from probing the catalogue', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      'se le torció la boca a mi papá hace rato',
      'no le para de sangrar la nariz',
      'drooling out of the right side since lunch',
      'my left leg feels like dead weight',
      'my speech sounds all jumbled',
      "can't find the right words today, keeps happening",
      'all at once i couldnt feel my right side',
    );
  });
  it('still reads "didn\'t feel any numbness" as negated', () => {
    expectRoutine("didn't feel any numbness at all, just relaxed", 'no sentí nada raro, solo relajada');
  });
});

describe('Spanish unwellness and a hot-stone burn, from probing the catalogue', () => {
  it('escalates these', () => {
    expectEscalated('ando malito desde ayer', 'me siento débil y decaída', 'me quemaron las piedras calientes en la espalda', 'the hot stones burned my lower back');
  });
  it('keeps "me siento mal por…" (I feel bad about…) routine', () => {
    expectRoutine('me siento mal por cancelar, perdón!');
  });
});

describe('dev-16 failure patterns (idioms and unusual wording), in our own phrasings', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      'siento una piedra sobre el pecho y me corre al brazo izquierdo, sudando',
      'dad says its like a belt squeezing his chest and he looks white as a sheet, sweaty',
      'coughing up bright red and i can barely get out a sentence',
      'face is puffing up and im wheezing like an old accordion after the cream',
      'me dio un patatús y quedé tirada en la cocina',
      'the lights went out and i hit the deck in the hallway',
      'cant feel the loo roll, down-there is numb',
      'orino color de refresco de cola y me duelen todos los músculos',
      'she has gone all floppy and we cannot rouse her',
      "there's two tvs on the wall and the room is spinning since the neck work",
      'me reventó la cabeza de golpe, nunca me había pasado',
    );
  });
  it('escalates these', () => {
    expectEscalated(
      'like someone jabbing a hot needle in my lower back when i bend',
      'hurts something fierce, not your ordinary sore',
      'arm marks going bluey',
      'my neck is stuck, i can only look straight ahead',
      'fingers feel like ive just been to the dentist',
      'like ants crawling down my forearm',
      'pain has gone from a whisper to a shout',
      'bit green around the gills tonight',
      "my noggin's throbbing since the massage",
      'my sister says i look peaky',
      'tengo el cuerpo raro, no sé',
    );
  });
  it('keeps these routine', () => {
    expectRoutine('casi me desmayo del gusto, qué masaje', 'dizzy with happiness after that, thanks', 'back feels mint mate', 'me explotó la cabeza de lo bien que me siento');
  });
});

describe('dev-17 failure patterns (signs that are hard to spot), in our own phrasings', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      'es normal que me duela el pecho y se me vaya al brazo izquierdo?',
      'maybe nothing but a sharp pain on the left when i take a big breath, heart racing too',
      "no pain but i can't really catch my breath sitting still",
      'right calf feels heavy and warm, only that leg',
      'the right side of my vision kind of went blank for a minute',
      'tengo el cuello adolorido de un lado y veo destellos',
      'it is bleeding? i have been pressing on it for ages',
      'fiebre de 39 y el cuello tan tieso que no puedo bajar la barbilla',
      'i dont really want to be here anymore',
      'me di en la cabeza con la puerta y ahora vomito',
    );
  });
  it('escalates these', () => {
    expectEscalated(
      "my aunt says stabbing pains after deep tissue are normal. i've got it in my thigh right now",
      'my back pain is a 9/10 lol jk but seriously ow',
      'sore enough that i had to leave work early',
      'the pain is really strong, i cant think straight',
      'my son asked why im purple on my shoulder',
      'my knee locks up going down stairs',
      'i can turn my head, just not all the way to the left',
      'not dizzy exactly, more like swaying',
      'there is a knot that sticks out now',
      "the soreness from last week's session hasn't gone. Still there at my desk",
      "my cousin was sore for a week after hers. i'm on day 6 myself",
      'the shoulder is going downhill',
      'me duele un poco la cabeza desde la sesión',
      'not a bad headache, just dull behind my eyes',
    );
  });
  it('keeps these routine', () => {
    expectRoutine(
      'my wife was sure i would pass out from relaxing so hard but nope, just sleepy',
      'a bit sore, but the swelling i had in my knee before the session went down',
      'felt around for a lump and nothing there',
      'thought i was getting a headache but nope, just hungry',
      'i look like death warmed over but thats just the nap',
      'my friend told me her calf swelled after a massage, mine look totally normal',
      'the arm i couldnt lift last week? i can lift it now!',
      'the headache i had all week finally lifted after the session',
      'the chest tightness i came in with is gone, thank you',
      'mi hija se desmayó en el colegio pero ya está bien, fue el calor',
    );
  });
});

describe('what sets a sign aside stays narrow', () => {
  it('still escalates a sign beside a history, a "but nope, still", a lift, an ability only barely back, or a worse complaint the client came in with', () => {
    expectEscalated(
      'sharp pain in my calf, and i have a history of clots',
      'thought the numbness would pass but nope, still numb this morning',
      'a sharp pain shot through my shoulder when i lifted my arm to brush my hair',
      "i couldn't lift my arm last night and i can barely now",
      'the leg swelling i came in with is worse today',
    );
  });
});

describe('attributions and "fine now" do not hide a sign', () => {
  it('escalates a sign the client puts down to something else, or a relative tied to the session who is "fine now"', () => {
    expectEscalated('my ankle is swollen but its just from the heat probably', 'my arm is numb, like nothing there when i touch it');
    expectUrgent("my husband fainted after his massage but he's ok now");
  });
});

describe('dev-18 and dev-19 failure patterns (time and change; health backgrounds), in our own phrasings', () => {
  const friday = { receivedAt: '2026-02-20T08:30:00-08:00', sessionEndedAt: '2026-02-16T11:00:00-08:00' };
  it('dates and follows soreness over days', () => {
    for (const text of ["the hip soreness hasn't really eased, feels the same as tuesday", 'fifth night in a row my calves wake me up sore', '4 mornings in a row with a stiff sore neck']) {
      expect(decide(text, friday).escalate, decide(text, friday).why).toBe(true);
    }
  });
  it('escalates pain that came back stronger, keeps climbing, or moved', () => {
    expectEscalated(
      'the ache was gone, then it came back stronger last night',
      'pain keeps climbing, 2 monday, 4 yesterday, 6 tonight',
      'the soreness moved from my shoulders to my ribs',
      'ya no me duele el cuello pero ahora me duele el codo, raro',
      'volvió el dolor de la espalda',
      'desde el masaje orino mucho más seguido',
      "my arm won't go over my head since the day after",
      'noto el meñique medio dormido desde el lunes',
      'migraña de siempre, pero hoy me dio una muy fuerte después de la sesión',
      'bp 172/104 this morning, usually 125',
    );
  });
  it('sends these to urgent', () => {
    expectUrgent(
      'hip surgery 2 weeks ago, my heart is going 120 and it hurts to take a deep breath',
      'se me está cayendo el párpado izquierdo',
      "on eliquis, cut my finger, been pressing it for 20 minutes and it's still pouring",
      'diabetic, sugar is 38 and juice is not bringing it up, shaky and sweaty',
      '32 semanas, no siento al bebé moverse desde anoche',
    );
  });
  it('keeps these routine', () => {
    expectRoutine(
      'if it turns into bruising should i text you a photo? just achy for now',
      'sore yes, sharp no',
      'had a DVT 4 years ago, all treated. ok to work on my legs next time?',
      "i'm migraine prone, should i worry if one comes? none so far",
      'the neck i came in with all stuck, now i can move it fine',
      'el dolor punzante con el que llegué ya no está',
      'siempre tengo las manos frías por el raynaud, nada nuevo',
      'mi ciática de siempre, ni mejor ni peor, lo demás súper',
      "ok so my anxiety read 'if anything feels sharp' and spiralled, all good though",
    );
  });
});

describe('short texts of our own, from probing the catalogue', () => {
  it('reads these', () => {
    expectUrgent('my calf is massive and red', 'pee came out black and my muscles are killing me');
    expectEscalated('i think i tweaked smth in my shoulder', 'honestly feel like im dying, something is off');
    expectRoutine('legs are dead from the gym, not you lol', 'i feel like im dying lol my glutes');
  });
});

describe('dev-20 and dev-21 failure patterns (short texts; a general mix), in our own phrasings', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      'pee? brown. legs? so weak',
      'nosebleed for 40 mins now, pinching isnt working',
      'cut my thumb, blood still soaking through the bandage after 15 minutes of pressure',
      'fever 104 and little purple spots that dont fade when i press a glass on them',
      'se me adormeció la parte de adentro de los muslos y las dos piernas me fallan',
    );
  });
  it('escalates these', () => {
    expectEscalated(
      'pain level? like a 9',
      "way past sore at this point",
      'the ache keeps increasing every day',
      'a piercing feeling under my ribs',
      'I am in considerable pain since the session and left work early',
      'my ring finger keeps falling asleep',
      'yesterday a little, today a lot. going the wrong way',
      "head's been hurting since the massage",
      'heard a loud crack when you pressed my back and it hurts to twist',
      'my eye on that side keeps watering and twitching',
    );
  });
  it('keeps these routine', () => {
    expectRoutine('zero soreness, zero bruising, 10/10!', 'could numbness be something that can happen? asking for next time, all fine now', 'my friend bruised after her massage at a different place, just saying hi');
  });
});

describe('more escalate-level phrasings of our own, from probing the catalogue', () => {
  it('escalates these', () => {
    expectEscalated('the spot on my calf is sore and warm', 'it burns when i pee since yesterday', 'had the runs all night', 'there is a dent in my thigh muscle now', 'my knee gives out on the stairs');
  });
});

describe('unwellness and severe pain, more phrasings of our own, from probing the catalogue', () => {
  it('escalates these', () => {
    expectEscalated('me late muy rápido el corazón', 'ando agüitada y sin energía', 'el dolor no me deja hacer nada', "i've been off all day", "something happened during the massage, i don't feel the same", "i'm in bits with the pain");
  });
});

describe('dev-22 (regional Spanish) and dev-23 (heart and neck-artery, with their routine twins), in our own phrasings', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      'estoy orinando oscuro como té y me duelen mucho los músculos',
      'me quiero morir, ya no puedo más',
      'pain in my upper back between the shoulder blades and up into my jaw, drenched in sweat',
      "feels like something's sitting on my chest, arm tingly",
      'room tilted and i keep falling to the right since the neck work',
      'me duele el cuello de un lado y estoy viendo doble',
      'pierdo el equilibrio y me duele la nuca de un lado',
      'a headache worse than any i have ever had, right after my neck was worked on',
    );
  });
  it('escalates these', () => {
    expectEscalated(
      'es como si me clavaran una aguja en la espalda',
      'está bravo el dolor, no me deja trabajar',
      'me dio tortícolis, no giro la cabeza',
      'tengo la pierna acorchada',
      'se me entumen las manos al levantar los brazos',
      'me salió una protuberancia en la espalda que antes no tenía',
      'el dolor se está poniendo más fuerte',
      'tengo la cabeza pesada desde ayer',
      'sentí un crujido en la costilla y ahora me duele',
      'me brotó la piel de los brazos',
      'ando achicopalada y sin ganas de nada',
      'sigo molesta de la espalda desde el martes de la semana pasada',
    );
  });
  it('keeps these routine, and does not tell them to call 911', () => {
    for (const text of [
      'chest muscles a bit achy when i press on them, makes sense after the pec work',
      'my sternum is a touch sore to the touch, otherwise great',
      'neck feels great. no headache, no dizziness, vision is fine',
      'my doctor said to watch for chest pressure after massage and there has been none',
      'if i ever get chest tightness after a massage, should i call 911 or you?',
      'my friend got dizzy and saw double after a chiropractor, feeling good today myself',
      'my head is spinning with how relaxed i am',
      'siento los músculos resentidos pero llevadero',
    ]) {
      const result = decide(text);
      expect(result.escalate, result.why).toBe(false);
    }
  });
});

describe('dev-24 failure patterns (mixed, urgent-heavy), in our own phrasings', () => {
  it('reads these', () => {
    expectUrgent("can't wake my dad up properly, he's so drowsy and not answering right", 'mi papá no reacciona, está adormilado y no contesta');
    expectEscalated('my sister got tingly feet after her massage and i think mine are doing it too');
    expectRoutine('my legs are killing me lol but good sore, gym sore', 'my only bruise is my ego after bingo', 'no puedo hablar ahorita, voy manejando', "can't talk right now, i'm driving");
  });
});

describe('stroke signs in everyday life, phrasings of our own from probing the catalogue', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      "for a few minutes i couldn't remember how to unlock my phone",
      'kept missing my mouth with the spoon at dinner',
      "my fingers wouldn't close around the mug",
      "i feel drunk but i haven't had a drop",
      "my tongue won't cooperate when i talk",
      'the words on the screen looked like gibberish',
      "i forgot my husband's name for a second",
      "i couldn't understand what anyone was saying at lunch",
      'my whole left side feels heavy and weird',
      'i keep veering to the right when i walk',
      "my eye on the left won't close properly",
      "can't smile on the left side",
      'se me durmió medio cuerpo',
      'se me olvidan las palabras de repente',
    );
  });
  it('keeps their everyday twins routine', () => {
    expectRoutine("couldn't open the studio door, was it locked?", 'sorry, forgot your name, is it Chris?', 'so relaxed i felt drunk lol', 'my right side feels amazing');
  });
});

describe('Spanish escalate-level phrasings of our own, from probing the catalogue', () => {
  it('escalates these', () => {
    expectEscalated('siento un dolor agudito en la nuca', 'me jala feo el muslo al subir escaleras', 'todavía me duele y ya han pasado 6 días');
  });
});

describe('stroke and neck-artery signs told loosely, and by family, phrasings of our own (third round of probing)', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      "she can't find her words and keeps calling the fork a pen",
      'my brother sounds drunk on the phone and he never drinks',
      "he can't tell which shoe goes on which foot since this afternoon",
      'water keeps dribbling out of the left corner of my mouth',
      'a mi abuelo se le caen las llaves de la mano y no se le entiende nada',
      'me cuesta hablar y siento el brazo izquierdo muerto',
      'feels like my head is splitting open, started the second i sat up after the neck work',
      'me revienta la cabeza, empezó de golpe después del masaje en el cuello',
      'one pupil looks bigger than the other since you worked my neck',
      'me duele la nuca de un lado y veo medio doble',
      'the right side of his face went slack while we were eating',
      'my texts came out all scrambled, the words were all jumbled',
      'holding both arms out, the right one keeps drifting down',
      'a mi tía de repente no podía mover la mano y se le doblaba la rodilla derecha',
    );
  });
  it("keeps someone else's sign from weeks ago routine, but not the client's own risk factor", () => {
    expectRoutine('my coworker fainted at the gym two weeks ago, wild. can i move my appointment?');
    expectUrgent('my mom had hip surgery three weeks ago and since her massage today her left calf is swollen and hot');
  });
});

describe('complaints, feeling unwell and Spanish middle-of-the-scale words, phrasings of our own', () => {
  it('escalates these', () => {
    expectEscalated(
      'I asked her to go lighter and she just kept pressing, my back is wrecked',
      'honestly the therapist hurt me',
      'no quedamos nada contentos con el servicio, me dolió todo',
      'la chica me apretó bien fuerte y quedé adolorida',
      'me bajó muchísimo la presión al salir',
      'felt like my blood pressure crashed when I stood up',
      'me siento malísima desde el martes',
      'sigo mal del hombro',
      'el dolor se me bajó hasta la rodilla',
      'me duele a morir la espalda',
      'no lo soporto, el cuello me está matando',
      'la molestia no cede con nada',
      'tronó durísimo mi espalda y desde ahí me duele',
      'no puedo alzar la pierna para subir al carro',
    );
  });
  it('keeps their routine twins routine', () => {
    expectRoutine('no aguanto las ganas de volver, qué masaje!', 'ya se me fue el dolor de cabeza', 'I have low blood pressure in general, is a hot stone session ok?');
  });
});

describe('dev-25 failure patterns (stroke and neck-artery told loosely, and their twins), in our own phrasings', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      'my foot sort of drags behind me on the right since lunch',
      'I keep tilting to the left when I try to walk to the kitchen',
      'I see double when I look at the clock',
      'my whole left side has gone pins and needles, face and arm too',
      "my handwriting is all over the place, I can't make the pen go straight",
      "my right hand won't button my coat",
      'my speech is coming out thick and slow',
      "she's having trouble with her words",
      'dad keeps asking what day it is and where he is',
      'his face looks melty on the right',
      "my right leg is clumsy and I couldn't see the cups on the left side of the shelf",
      'a thunderclap in my head right after the neck stretch',
      "I'm woozy and the street splits into two when I look left",
      'mi mamá no encuentra las palabras',
      'mi esposo dice una cosa por otra desde la comida',
      'mi papá habla lento y arrastrado',
      'mi pierna izquierda no me responde',
      'estoy mareada y veo las cosas dobles',
      'se me fue la vista del ojo derecho',
      'no veo nada por el ojo izquierdo desde hace una hora',
      'nunca me había dolido así la cabeza, me vino de golpe',
    );
  });
  it('escalates these', () => {
    expectEscalated(
      'tengo la cabeza bien pesada desde el masaje',
      'the spinning stopped. then it happened again when I sat up',
      'a migraine hit me this afternoon, like my usual ones',
      'a mi hijo se le entumen los pies desde que le dieron el masaje',
    );
  });
  it('keeps their routine twins routine', () => {
    expectRoutine(
      'kind of foggy in that nice post-massage way',
      "had a headache yesterday afternoon but I had some water and it's all gone today",
      'I was nervous about the deep tissue but no problems at all',
      "my grandma's eyelid has drooped for years, can she still book?",
      'I read that you should watch for numbness after deep work, good to know',
      'the kids are giving me a huge headache lol, I need a massage',
      "she's sharp as a tack at 90, she loved it",
      'no veo borroso ni nada, solo cansada',
      'ayer sentía los pies dormidos pero hoy amanecí bien',
      "my brother has a headache but he didn't have a massage, he's just dehydrated",
    );
  });
});

describe('dev-26 failure patterns (Spanish, the middle of the scale), in our own phrasings', () => {
  it('sends these to urgent', () => {
    expectUrgent('me dio un yeyo y cuando abrí los ojos estaba tirada en la cocina');
  });
  it('escalates these', () => {
    expectEscalated(
      'desde el masaje ando con ganas de llorar',
      'la zona de las ventosas está dura y caliente',
      'siento una vaina rara en el hombro',
      'el dolor de la rodilla se siente distinto ahora, más adentro',
      'me duele hasta con el roce de la sábana',
      'el dolor de la cadera desde que salí de la sesión del jueves está muy fuerte',
      'tuve que faltar al trabajo, no me podía ni sentar',
      'el dolor ha ido a más desde el lunes',
      'no me siento nada mejor',
      'la molestia me está bajando hacia el brazo',
      'el dolor es más fuerte que ayer',
      'tengo basca y mareíto',
      'me siento malita desde anoche',
      'se me torció el tobillo al bajar de la camilla',
      'traigo un nervio montado en el cuello',
      'me salió una ampolla donde estuvo la piedra',
      'ya tengo cinco días con las piernas adoloridas',
      'siento un chuzón en la rodilla al subir escaleras',
      'tengo un machucón en el brazo',
      'me salió un chipote en la espinilla',
      'me está doliendo la cabeza desde temprano',
      'ni el cuello puedo voltear',
      'sin moretones, bueno, uno pequeño en el muslo',
      'mi hermano, esto va de mal en peor, me duele más la espalda',
    );
  });
  it('keeps their routine twins routine', () => {
    expectRoutine(
      'llevaba años con ese piquete en la espalda y hoy nada, gracias',
      'mi vecina me contó que con otra masajista le quedó el cuello trabado, pero yo cero molestias',
    );
  });
});

describe('dev-27 failure patterns (general mix), in our own phrasings', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      'my dad went stiff in his chair and started jerking for a minute',
      'a mi suegra se le puso todo el cuerpo tieso y empezó a sacudirse',
      'the cut on my shin is bleeding through a second towel',
      'it has been bleeding for half an hour now',
      'me desmallé en la tienda',
    );
  });
  it('escalates these', () => {
    expectEscalated(
      "can't get my left arm up over my head",
      'limited rotation in my neck, it catches at about halfway',
      'se me duermen las manos cuando manejo, antes del masaje no me pasaba',
      'me duele cada día más',
      'my pain is trending up: 2, then 4, now 6',
      'my feet are puffier tonight',
      'felt a twang in my hamstring getting off the table',
      "dad's just not himself since his massage",
      'a mi mami le salieron ronchas donde le pusiste el aceite',
    );
  });
  it('keeps their routine twins routine', () => {
    expectRoutine(
      'u basically stabbed my calves with your thumbs and i loved it',
     
      'my back feels 10 years younger',
      'my teammate bruised after a massage at a different spa, can you go gentler with her?',
      'what would a clot look like? my aunt had one once, just want to know what to watch for',
      "a little head rush getting up went away in a minute and I've been fine since, no need to worry",
      "my elbow was bad since I slipped on ice back in January, it's much better now, that ain't you",
      'mi abuelita tiene los tobillos hinchados siempre, ¿puede venir a masaje?',
    );
  });
});

describe('urgent signs told loosely, and routine twins, from a fourth round of probing', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      'her words are so slow since lunch',
      'I opened my mouth and gibberish came out',
      'mi esposo habla como si estuviera borracho y no ha tomado nada',
      'de repente no pude leer el periódico',
      'las letras se veían revueltas en la pantalla',
      'felt like I got whacked on the back of the head with a bat, all at once',
      'no siento nada al limpiarme y se me salió la orina',
    );
  });
  it('keeps these routine', () => {
    expectRoutine(
      'cada vez más tranquila después de cada sesión',
      'my step count is trending up, thanks to you',
      "i'm so relaxed i'm talking nonsense haha",
      'was really worried about the bruise but it has faded, all good',
    );
  });
});

describe('dev-28 failure patterns (family members, long emails), in our own phrasings', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      "my partner had back work with you this morning and now she's got the worst headache she has ever had",
      "since lunch the room doubles whenever I stand, like two of the clock, and I'm dizzy",
      "he wet himself on the couch and didn't notice, his back is killing him",
    );
  });
  it("escalates a sign told by someone close who says it's the client's", () => {
    expectEscalated('my wife says her wrist has gone tingly since the massage', "my husband says his calf is stabby when he walks, he won't text you himself", 'I get the spins when I roll over in bed');
  });
  it('keeps their routine twins routine', () => {
    expectRoutine(
      'my glutes ache, normal sore, all good',
      "what would be the warning signs it's not normal? asking so I know",
      'my calves were in desperate need of you, thanks',
      'I bruise like a banana, is arnica ok?',
      "my doctor says I'm all clear to keep coming, see you next week",
      'what does "trouble moving" mean, like how would I know?',
      'my bank account is the only thing bruised this month',
    );
  });
});

describe('dev-29 failure patterns (English idioms, the middle of the scale), in our own phrasings', () => {
  it('escalates these', () => {
    expectEscalated(
      'feeling a bit quare since, hard to say why',
      'I have some uneasiness in the body since the session',
      'feeling proper poorly today',
      "I haven't felt like myself since Monday",
      'this tiredness is not my usual tired',
      'woke up drenched in sweat two nights running',
      'my hip feels different? not sore, just different',
      'knee hurts like hell going down stairs',
      'back hurting real bad since the weekend',
      'a lot more than a bit sore, had to sit on the stairs for five minutes',
      "it's ramped up since Sunday",
      'it was a 2 yesterday and today it is a 7',
      'my neck pain is on an upward trajectory',
      'think I did my back in lifting the kettle',
      'went for a run and felt something go in my calf',
      'jarred my shoulder getting off the table',
      'feeling giddy since morning, please advise',
      'got a crick in my neck, can only look to the left',
      "I haven't been able to turn my head properly since Monday",
      "it's been a week and I can still feel where you worked",
      'a dead patch on my thigh, I can hardly feel it',
      'numb toes when I sit, never had that before the massage',
      'I think the session aggravated my old tennis elbow',
      'soreness has been there since the 3rd',
    );
  });
  it('keeps their routine twins routine', () => {
    expectRoutine('bit sore but bearable, cheers', 'sorry, autocorrect turned "stoked" into "stroke"', "mi likkle sore but nuh worry, all good");
  });
});

describe('dev-30 failure patterns (general mix), in our own phrasings', () => {
  it('sends these to urgent', () => {
    expectUrgent('la pantorrilla derecha como un tronco, roja y caliente, la otra normalita', 'meo muy oscuro y me duelen los muslos, casi no puedo andar');
  });
  it('escalates these', () => {
    expectEscalated(
      'ay mi madre, me duele el hombro horrible, no dormí nada',
      'me salió una pelotica en la espalda',
      'ando mariada y con ganas de bomitar',
      'is it normal to feel kind of foggy for two days? because I do',
    );
  });
  it('keeps their routine twins routine', () => {
    expectRoutine(
      'the shooting pain that made me book is gone, just tender now',
      "I'm sore from standing all day at the hospital, nothing new",
      'mi esposa dice que a ella siempre le salen moretones, yo solo ando adolorido',
      "my ankle that's been swollen since my fall in March looks better today",
      'the knot was electric when you pressed it, but today the whole area feels great',
      "is a headache after a massage a thing? I'm not sore, a friend asked me",
      'you mentioned bruising or trouble moving. luckily neither!',
      "my sister just fainted at the sight of a needle and now she's laughing about it",
      'my inbox is bleeding today, talk soon',
    );
  });
});

describe('neck-artery and stroke signs, a fifth round of probing in our own phrasings', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      'since the neck work my right eyelid is heavy and that pupil looks tiny',
      'my sight keeps doubling when I look up',
      'mi hijo dice que ve doble desde el masaje',
      'half her face looks like it is sliding down',
      "for a few minutes I couldn't think of any words",
      'my words keep coming out in the wrong order',
    );
  });
});

describe('figures of speech that sound like emergencies, and are not told to call 911', () => {
  it('does not send these to urgent', () => {
    for (const text of [
      "I can't think of the words to thank you enough!",
      "couldn't find the words, it was that good",
      'so relaxed my face is melting lol',
      "I see double when I'm tipsy lol, today all good",
      'my pupils were huge at the eye doctor after the drops, can I still come?',
      'no tengo palabras para agradecerte',
    ]) {
      const result = decide(text);
      expect(result.urgent, result.why).toBe(false);
    }
  });
});

describe('dev-33 failure patterns (Spanish, a general mix), in our own phrasings', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      'me agito subiendo dos escalones y siento el corazón a mil, empezó hoy',
      'tengo la pantorrilla hinchada y colorada, solo una',
      'se me pusieron los labios como inflados y me pica la garganta',
      'me quedé inconsciente un ratito en el baño',
      'se me escapa la orina y no lo siento venir',
      'la orina me salió negra y me duelen mucho los brazos',
      'me corté y sangra y sangra, llevo media hora apretando',
    );
  });
  it('escalates these', () => {
    expectEscalated(
      'siento una puntada en el costado',
      'es un dolor filoso cuando me agacho',
      'tengo un moretón en el brazo que no estaba antes del masaje',
      'me salió un morao en el muslo',
      'ayer me dolía más y hoy todavía más',
      'en la mañana era un 2 y ahora ya es un 8',
      'me late la cabeza desde el mediodía',
      'no me duele nada, pero sí tengo un moretoncito',
      'vi que tengo unos moretones en la espalda',
    );
  });
  it('keeps their routine twins routine', () => {
    expectRoutine(
      'tomo aspirina, ¿es más fácil que me salgan moretones?',
      'es normal el hormigueo después del masaje? pregunto porque a mi tía le pasa, yo estoy bien',
      'mi papá necesita permiso del doctor para el masaje?',
      'necesito un recibo para mis gastos médicos',
      'quedé tan relajada que casi me desmayo en el carro jaja',
      'Mensaje automático: por favor no responda a este correo',
      'filosa la técnica pero de la buena',
    );
  });
});

describe('dev-31 failure patterns (general mix), in our own phrasings', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      'Hello. Chris. My. left. leg. will. not. hold. me. and. my. face. is. numb.',
      'my texts came out complete gibberish and my right arm feels sort of dead',
      'the next thing I knew I was lying on the bathroom floor',
      'she was out for maybe 20-30 seconds',
      'mi pichí salió color café y me duelen mucho las piernas',
      'mi papá no despierta bien, apenas abre los ojos',
      "I'm 35 weeks and had a gush of fluid an hour ago",
    );
  });
  it('escalates these', () => {
    expectEscalated(
      'a pokey feeling under my shoulder blade',
      'my back pain is really bad today',
      'range of motion in my shoulder is way down',
      "can't bring my knee up to my chest",
      'ya van como 5 días y sigo adolorida',
      'el cuello no se me mejora',
    );
  });
  it('keeps their routine twins routine', () => {
    expectRoutine(
      "tender like how a bruise feels, but there's no bruise at all",
      'my shoulders are lower than they have been in years',
      "does my husband need a doctor's note before booking?",
      'my mate came up in a rash from the oils at another spa, got a fragrance-free option?',
      'my dear friend came home black and blue from a spa elsewhere last year, so happy I had nothing like that',
    );
  });
});

describe('dev-32 failure patterns (emergencies in everyday words, and look-alikes), in our own phrasings', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      'I have to stop and catch my breath just crossing the room, and it catches in my chest every time I inhale',
      'my sock on the right leaves a deep dent and the calf is hot and sore',
      'my right leg sort of gave out and I keep veering into the doorway',
      'everything went dim in one eye for a while',
      'the next thing I remember is lying on the ground by the car',
      "she can't feel anything between her legs and had an accident in bed",
      'no siento nada ahí abajo y las dos piernas las tengo muy débiles',
      'like somebody bashed me on the back of the skull with a hammer, all at once',
      'todo está dando vueltas and I keep seeing doble since the neck massage',
      'my pee is cola colored and my thighs are screaming',
      "I'm on blood thinners, nicked myself an hour ago and it hasn't stopped",
      'grandma is really hard to wake up and drifts off mid-sentence',
    );
  });
  it('escalates these', () => {
    expectEscalated(
      'a stab in my knee whenever I climb stairs, then gone',
      'my back is like a 9 today',
      'I can barely get my socks on',
      'me duele un chorro el cuello, mucho más que el dolor normal',
      'tengo la espalda trancada, no la puedo virar',
      'my jaw no abre bien since the session',
      'my pee is a bit darker today, muscles just normal sore',
    );
  });
  it('keeps their routine twins routine', () => {
    expectRoutine(
      'llegué con la espalda apretada de estrés y salí como nueva',
      'my dad had a stroke 3 yrs ago and his right side is still weak, do you do gentle work?',
      'last time at a different spa I broke out in hives, but today nothing at all',
      "I'm allergic to latex, do you use gloves?",
      'soy alérgica a las nueces, ¿el aceite tiene?',
      'work has been one giant headache but the massage saved me',
      'I bruise and bleed easily because of my meds, should I tell you?',
      "so chill I honestly don't know what day it is",
      "my brother fainted at the gym on Saturday (he's totally fine), anyway I feel great",
    );
  });
});

describe('the normalised text', () => {
  it('is Latin-1 whatever the client typed, so the catalogue runs on one string encoding', async () => {
    const { normaliseReply } = await import('#domain/triage/normalise');
    const normalised = normaliseReply('Gracias Chris!! 💕 my neck’s “much” better… – still a bit sore → see you ½ past 2 ✨');
    expect(normalised).toMatch(/^[\n -\xff]*$/);
    expect(normalised).toContain(' - still');
    expect(decide('Gracias!! 💕 my neck’s better… – but my left arm has gone numb → worried').urgent).toBe(true);
  });
});

describe('dev-34 failure patterns (stroke and neck-artery in English, told every way), in our own phrasings', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      'the print on my phone went double and I feel strange',
      "my right hand just wasn't working properly at breakfast",
      'my arm feels like it belongs to someone else',
      'my leg went heavy and numb, my arm too',
      'my words are getting jumbled',
      "I couldn't get my right leg under me when I stood up",
      "I'm unable to smile on the left side",
      'my tongue feels thick and my speech is off',
      "mum can't seem to follow what we're saying and her arm is just hanging",
      'I keep fumbling my keys with my left hand',
      'my left hand will not do the buttons on my coat',
      "dad couldn't work out how the microwave works tonight",
      'after the neck massage, the strongest pain of my life in my head',
      'headache came on in a split second after the neck stretch',
      'my left eye looks half shut since the neck work',
      "my eyelid won't stay up since you worked my neck",
      'since the neck work the room swam and I saw two of the door',
      "she says the ceiling's moving and she sees double after her neck massage",
    );
  });
  it('keeps their routine twins routine', () => {
    expectRoutine(
      'so relaxed walking out to the car I forgot my own name lol',
      "I'm seeing double... double the bookings this month",
      'my uncle slurred for months after his stroke, so I appreciate the health form',
      'sorry, that stroke rate text was for my rowing coach',
    );
  });
});

describe('dev-34 and dev-35 failure patterns, a second pass in our own phrasings', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      "since the afternoon grandpa isn't making sense and can't seem to hold his glass in his left hand",
      'after her neck massage she says the room is moving and she sees two of me',
      'left calf swole up, hot and tight, the right one is fine',
    );
  });
  it('escalates these', () => {
    expectEscalated(
      'amanecí sin poder mover bien el cuello',
      'me cuesta hasta ponerme la camisa',
      'el brazo derecho se me duerme cuando lo levanto',
      'my knee pain increases each day instead of easing',
      'creo que me jalaste algo en la espalda, sentí un pop',
      'me salieron moratones en el muslo',
      'I feel floaty, like I’m underwater',
      'a flash of light in the corner of my eye tonight',
      "mum had her massage this morning and her face looked a bit funny in a photo tonight",
      'woke up with a bit of a headache, my usual kind',
      'got one of my usual migraines after, the day after the massage',
    );
  });
  it('keeps their routine twins routine', () => {
    expectRoutine('my only headache is finding a time to come back lol', 'el moretón del brazo ya lo traía del trabajo', 'numb fingers from the cold are back to normal now');
  });
});

describe('questions about warning signs and history that never came back', () => {
  it('keeps these routine', () => {
    expectRoutine(
      'the heat pack on my feet was a genius idea',
      'my headache vanished halfway through the massage',
      'the double vision I had after a concussion years ago never came back, all good today',
      'what should I watch out for after neck work? when is it an ER thing?',
      'my doctor mentioned strokes and neck massage, is that a real risk?',
      'if my vision goes blurry after, is it just the oil?',
    );
  });
});

describe('a review of this round found set-asides too broad; these warning signs stay seen', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      "I passed out in the shower, the session felt amazing",
      "I'm short of breath and my chest is tight and it felt great at first",
      "My speech is slurred and it felt amazing",
      "Fever. No. Chest pain. Yes. Sweating. Yes.",
      "Swelling. None. Calf. Red. Hot. Painful.",
      "There's crushing pressure on my chest. Neither the antacid nor lying down helped",
      "My calf is swollen and hot. Neither ice nor elevating it has helped.",
      "Tengo el pecho apretado y me falta el aire. Ninguno de mis inhaladores me ayuda",
      "My husband had knee surgery 2 weeks ago and his calf is swollen, red and hot to touch",
      "My husband had his massage with you last week and his calf is swollen, red and hot",
      "My mom fell last week and she's slurring her words and can't lift her right arm",
      "My dad faints all the time, he is grey and sweating and clutching his chest",
      "I've been coming to you for years. My husband just collapsed and he isn't responding",
      "I have been a client for ages. My wife is slurring her words and her face is drooping",
      "My husband had his massage with you today. He never had a massage before and he can't lift his left arm and his speech is slurred",
      "My wife fainted in the kitchen, (she's totally fine) but she is grey and clammy",
      "My face went numb after smiling at my son",
      "Estaba relajada pero al levantarme casi me desmayo",
      "My husband is sleepy and talking gibberish",
      "My mom can't find the words to say what she wants since this afternoon",
      "I've been seeing double when I'm tired since the neck massage",
      "It was a massive headache out of nowhere after you worked my neck",
      "My neck is giving me a pounding headache out of nowhere, worst ever",
    );
  });
  it('escalates these', () => {
    expectEscalated(
      "Sharp pain in my neck, everything else felt amazing",
      "I'm allergic to nuts, was there nut oil? I think I'm having a reaction",
      "I can't feel my legs lol is that normal",
      "My hand went numb and tingly during the massage and the feeling hasn't come back",
      "I slipped getting off the table and I've had sharp pain in my wrist since the fall",
      "The doctor said I'm not okay and I need more tests",
      "I'm really scared and worried, when is it an ER thing?",
    );
  });
});

describe('fainting and cauda equina told loosely, phrasings of our own (fourth round)', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      "I must have dropped, I came to with my wife shaking me",
      "he just sort of folded up in the hallway and when he came round he didn't know where he was",
      "she must have passed out on the stairs",
      "both my legs keep buckling when I stand and I can't tell if I need to pee",
      "I haven't been able to pee since this morning even though I drank loads, my back is agony",
      "Can't empty my bladder properly since the session and my lower back is screaming",
      "wasn't drinking or anything, I just dropped in the hallway and came to a minute later",
      "The words just won't come out, I know what I want to say but it's wrong",
      "Reading my book and half the page is missing on the left",
      "Es como si un elefante se me hubiera sentado en el pecho",
      "Mi esposo habla puras incoherencias desde la siesta",
      "Mi hermana camina como si estuviera borracha y no ha tomado nada",
    );
  });
  it('keeps these routine', () => {
    expectRoutine(
      "I came to the session straight from work, so sorry I was late! Feeling great",
      "When I came round to your studio the parking was easy, thanks",
    );
  });
});

describe("someone else's sign is set aside by its own sentence, at every level (fourth round, phrasings of our own)", () => {
  it('sends these to urgent', () => {
    expectUrgent(
      "My husband had his massage with you today. I'm fine but he is slurring and his face droops",
      'My mom had a stroke in 2019 but now her face is drooping again and her speech is slurred',
    );
  });
  it('escalates these', () => {
    expectEscalated(
      'My wife had her massage with you yesterday. She has always had a sensitive neck, but today she has sharp pain and can\'t turn her head',
      "My husband had the deep tissue yesterday. I'm fine, but he has a big purple bruise on his thigh",
      'Mi esposa tuvo su masaje ayer. Siempre ha tenido la espalda delicada, pero hoy tiene un dolor punzante',
    );
  });
  it('keeps these routine', () => {
    expectRoutine(
      "My mom had a stroke in 2019, her face drooped and she slurred, she's fully recovered. Can she book?",
      "My dad used to faint a lot when he was young. Anyway I'm great after my massage",
      'My daughter gets dizzy after her massages but I feel fine, is that common?',
    );
  });
});

describe('fourth-round failure patterns (dev-36 to dev-38), in phrasings of our own', () => {
  it('sends these to urgent', () => {
    expectUrgent(
      // cauda equina told loosely
      "I've lost some feeling around my privates since this morning",
      'my vaginal area has gone numb and my lower back is wrecked',
      "can't even feel it when I wipe, is that the massage?",
      'tingly right where a bike seat would sit',
      "he's had two accidents today and didn't feel them coming",
      "I didn't even know I needed to pee until I'd wet the chair",
      'trouble passing water since last night',
      'both my legs are like jelly and not in the good way',
      'se le doblan las piernas a mi papá y no siente nada en su parte de abajo',
      'no siento nada cuando hago pipí',
      'me hice del baño sin darme cuenta',
      'tengo la entrepierna acorchada',
      // fainting
      'woke up on the tile next to the tub',
      'next thing I knew my sister was standing over me asking if I was ok',
      "I really don't remember the fall, just the bump on my head after",
      // stroke, neck artery, crisis
      'my mother cannot read the paper all of a sudden, the words make no sense to her',
      'las letras las veo pero no las entiendo',
      'he ate the left half of his dinner and said the right half wasn\'t there',
      'my dad keeps banging his left shoulder into the door frames',
      'the whole right side went numb in the kitchen',
      "she can't grip anything with her right hand",
      'sudden pain at the base of my skull, worst ever',
      'I have pills saved up and keep thinking about taking them all',
    );
  });
  it('escalates these', () => {
    expectEscalated(
      'felt faint at the bus stop but didn\'t pass out, sat down and had water',
      'me sentí desvanecida pero no me caí',
      'my pinky tingles like I knocked my funny bone',
      'me dio un latigazo en la espalda al agacharme',
      "my neck won't budge to the left",
      "I haven't been able to lift my arm over my head since Friday",
      'the pain has increased since yesterday',
      'me duele demasiao el cuerpo',
      'getting contractions every half hour since the prenatal massage',
      'had a bit of a scare last night, can we talk?',
      'a weird shimmer in my left eye this morning',
      'no sé, algo no va bien desde el masaje',
      'my shoulder hurts far more than it did before I came in',
      "My son had his massage Tuesday and hasn't been able to turn his head since Tuesday's session",
    );
  });
  it('keeps these routine', () => {
    expectRoutine(
      'I nearly fainted it was so good, booking again!',
      'casi me desmayo de la relajación jaja',
      'he collapsed on the sofa and slept for hours, thank you',
      "Seeing stars? All five of them, for your review",
      'work is killing me this week, any evening slots?',
      'na de mareo, todo bien',
      'I have a diagnosed fainting condition that my cardiologist manages, anything I should tell you?',
      'Tengo hipotensión diagnosticada, la controla mi médico. ¿Puedo reservar?',
      'I bruise really easily, is deep tissue ok for me?',
      'would a headache after neck work be normal? asking before I book',
    );
  });
});

describe("a review of the fourth round found set-asides too broad; these warning signs stay seen", () => {
  it('sends these to urgent', () => {
    expectUrgent(
      'chest pressure since last night and my left arm tingles, my cardiologist knows',
      'passed out twice today after the massage, diagnosed vasovagal syncope, doc knows',
      'dolor de pecho fuerte y el brazo izquierdo dormido, lo lleva mi doctor',
      'na de repente se me durmio la cara y no puedo sonreir bien',
      "would this chest tightness be normal after pec work? it's been squeezing all evening and my left arm aches",
      'Hi Chris, we met last spring at the fair. My wife just fainted in the kitchen and hit her head',
      "my wife's face is drooping on one side like last spring when she had her stroke",
      'mi esposo tiene la cara caida de un lado como el año pasado',
      'my calf has been swollen, red and hot since my surgery two weeks ago',
      'my mom collapsed at home and is really confused, we\'re at the ER with her',
      "My mom's smile went crooked this afternoon, she herself is fine she says",
      'Estoy en un spa con mi amiga y se desmayo, no responde',
      "I felt faint and went down in the hallway. tried to call you but didn't get through",
      "felt faint and my husband says I was out for a few seconds, I didn't fall",
      'me senti desvanecida y no me acuerdo de nada, pero no me cai',
    );
  });
  it('escalates these', () => {
    expectEscalated(
      'numbness in my fingers since the massage, my doctor knows',
      'the swelling that you saw on my ankle is way puffier now',
      'seeing stars for 5 mins every time I stand up since the massage',
      "my husband had the deep tissue with you yesterday, since then his fingers tingle and he can't turn his neck. I'm fine btw",
    );
  });
  it('keeps these routine', () => {
    expectRoutine(
      'sorry I was late, there were 2 accidents on the 405',
      'rode my bike home after, the bike seat felt extra comfy lol',
      "didn't realize i had to pee so bad till I got off the table lol",
      "couldn't go pee the whole session, was holding it lol",
      'me orine de la risa con tu mensaje jaja',
      'I came to yoga after and felt amazing',
      'next thing I knew my husband was calling my name for dinner',
      'honestly my meds saved me this week lol',
      'thinking of taking all three of your classes next month!',
      'walked up the hill without gasping for the first time in years, thank you!!',
      'half of the page was cut off in your email, what is the price?',
      'had a bit of a scare with the parking ticket',
      "I'm due in May and want one before contractions start",
      'the lighting in your room was so shimmery',
      'ese masaje fue un latigazo de energia',
      'algo no va bien con mi tarjeta, ¿puedo pagar en efectivo?',
      'did your price go up? it has increased since last time',
      'My roommate passed out at work today, so I\'m going to be at the hospital with her. Can we move my appointment?',
    );
  });
});

describe('an acute accent typed as an apostrophe', () => {
  it('reads "can´t" as "can\'t"', () => {
    expectUrgent('I can´t breathe properly and my chest hurts', 'my husband can´t get his words out');
    expectRoutine('I don´t have any bruising, thanks!');
  });
});
